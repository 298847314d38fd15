/* Outages (§5.2 availability and fault rate) and security incidents
 * through their lifecycle (§7.3, docs/incident-lifecycle.md). */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- outages ---- */

static const struct outage_kind {
	const char *service;
	int units_lo, units_hi; /* lines down */
	int min_lo, min_hi;	/* minutes down */
	duo note;
} outage_kinds[] = {
	/* the first is an attack: an incident goes with it */
	{ "broadband", 300, 1200, 50, 200,
	  { "DDoS攻击导致城域网出口拥塞，宽带业务中断", "DDoS attack congested the metro uplink; broadband down" } },
	{ "broadband", 200, 1500, 90, 420, { "市政施工挖断主干光缆", "trunk fibre cut by road works" } },
	{ "broadband", 80, 400, 40, 180,
	  { "OLT板卡故障，下挂用户断网", "OLT line card failure; subscribers behind it offline" } },
	{ "mobile", 300, 2000, 30, 240,
	  { "基站市电中断，备用电池耗尽", "mains power lost at a cell site; backup batteries ran out" } },
	{ "fixed_voice", 100, 600, 20, 120,
	  { "软交换割接失败，固话呼叫失败", "softswitch cutover failed; landline calls failing" } },
	{ "iptv", 200, 900, 30, 150,
	  { "IPTV平台升级后直播频道无法播放", "IPTV live channels down after a platform upgrade" } },
	{ "broadband", 50, 300, 30, 120, { "暴雨导致小区机房进水", "rainstorm flooded an estate's equipment room" } },
	{ "leased_line", 5, 30, 60, 300,
	  { "传输设备故障，专线业务中断", "transmission equipment fault; leased lines down" } },
};

int outage_scenarios(void)
{
	return COUNT(outage_kinds);
}

bool outage_is_attack(const outage *o)
{
	return o->scenario == 0;
}

const char *outage_service(const outage *o)
{
	return outage_kinds[o->scenario].service;
}

void plan_outage(rng *r, outage *o)
{
	const struct outage_kind *k = &outage_kinds[o->scenario];
	o->units = (int)rng_range(r, k->units_lo, k->units_hi);
	o->end = o->start + minutes(r, k->min_lo, k->min_hi);
}

void build_outage(gen *g, const outage *o, uint32_t no)
{
	cs c;
	case_open(&c, g, no, o->ref, 3);
	ev_begin(&c, "outage", o->start, NULL, NULL);
	if (o->end < Q_END) /* else still down when the quarter was exported */
		ev_time(&c, "end", o->end);
	ev_int(&c, "units", o->units);
	ev_str(&c, "service_type", outage_service(o));
	ev_end(&c, TEXT(outage_kinds[o->scenario].note, rng_chance(&c.r, 0.8) ? ZH : EN));
}

/* ---- incidents ---- */

enum { G_GENERAL = 1, G_LARGER, G_MAJOR };
static const char *const grades[] = { "", "general", "larger", "major" };

static const struct incident_kind {
	const char *source, *type;
	int grade;
	duo description, scope, isolate, repair, analyse, rectify, postmortem;
} kinds[] = {
	{ "threat_detection", "attack_outage", G_LARGER,
	  { "城域网出口流量突增至平时8倍，疑似DDoS攻击", "Metro uplink traffic at 8 times normal, suspected DDoS" },
	  { "城域网出口及下挂宽带用户", "metro uplink and the broadband subscribers behind it" },
	  { "启用流量清洗，对被攻击IP下发黑洞路由", "traffic scrubbing on, black-hole route for the target IP" },
	  { "调整清洗策略并扩容出口带宽", "scrubbing policy tuned, uplink capacity added" },
	  { "原因：针对游戏服务器用户的UDP反射放大攻击；影响：数百户宽带中断约两小时",
	    "cause: UDP reflection attack on a game server's users; impact: some hundred lines down about two hours" },
	  { "与上级清洗中心建立自动联动，下调流量告警阈值", "automatic hand-off to the provincial scrubbing centre; lower traffic alarm threshold" },
	  { "复盘：告警阈值过高导致发现滞后；改进：阈值下调，每季度演练", "post-mortem: a high alarm threshold delayed detection; lessons: lower it, drill quarterly" } },
	{ "logs", "malware", G_GENERAL,
	  { "营业厅一台办公电脑杀毒软件报警，发现木马程序", "Antivirus alert on a service hall PC: trojan found" },
	  { "营业厅办公终端1台", "one office PC in a service hall" },
	  { "断开该终端网络并封存硬盘", "PC taken off the network, disk preserved" },
	  { "重装系统，重置该员工全部账户口令", "system reinstalled, all the employee's passwords reset" },
	  { "原因：员工打开钓鱼邮件附件；影响：未发现客户数据外传", "cause: phishing attachment opened; impact: no customer data left the network" },
	  { "全员防钓鱼培训，邮件网关加强附件过滤", "anti-phishing training for all staff; stricter attachment filtering" },
	  { "复盘：终端防护规则滞后；改进：规则库每日更新", "post-mortem: endpoint rules were stale; lessons: update them daily" } },
	{ "user_report", "data_leak", G_MAJOR,
	  { "客户反映接到冒充客服的诈骗电话，对方掌握其套餐和住址信息",
	    "A customer reports a scam call by a fake agent who knew their plan and address" },
	  { "CRM客户信息查询权限", "customer look-up rights in the CRM" },
	  { "冻结可疑查询账号，暂停批量导出功能", "suspicious look-up accounts frozen, bulk export suspended" },
	  { "回收过度授权，修复导出接口", "excess rights revoked, export interface fixed" },
	  { "原因：外包人员账号被借用违规查询客户信息；影响：约两百名客户信息被查询",
	    "cause: a contractor's account lent out and used to look up customers; impact: about two hundred customers' records viewed" },
	  { "最小权限整改，开启查询水印和审计告警", "least-privilege review, watermarks and audit alerts on look-ups" },
	  { "复盘：账号共用未被发现；改进：登录绑定工号和终端", "post-mortem: shared accounts went unnoticed; lessons: bind log-ins to staff and device" } },
	{ "threat_detection", "intrusion", G_GENERAL,
	  { "WAF检测到网上营业厅登录接口遭撞库攻击", "WAF detected credential stuffing on the online hall's log-in" },
	  { "网上营业厅登录接口", "the online hall's log-in interface" },
	  { "封禁攻击源IP段，登录接口启用验证码", "source ranges blocked, captcha on the log-in" },
	  { "修补登录接口限流缺陷", "rate-limit flaw of the log-in fixed" },
	  { "原因：外部撞库；影响：数千账户被尝试登录，未发现成功登录", "cause: external credential stuffing; impact: thousands of accounts tried, none entered" },
	  { "上线登录风控和短信二次验证", "log-in risk scoring and SMS second factor deployed" },
	  { "复盘：限流缺陷上线前未测试；改进：上线安全测试清单", "post-mortem: the rate limit was never tested; lessons: security checklist before release" } },
	{ "logs", "intrusion", G_LARGER,
	  { "日志审计发现CRM系统凌晨大量异常登录", "Log audit found many unusual CRM log-ins at night" },
	  { "CRM系统运维账号", "CRM administration accounts" },
	  { "禁用涉事账号，切断外部运维通道", "accounts disabled, external maintenance channel cut" },
	  { "修改全部运维口令，堡垒机强制双因素", "all admin passwords changed, second factor on the jump host" },
	  { "原因：运维口令泄露；影响：未发现数据被导出", "cause: leaked admin password; impact: no data export found" },
	  { "运维账号定期轮换，异常登录实时告警", "admin accounts rotated regularly, real-time alerts on unusual log-ins" },
	  { "复盘：口令长期未改；改进：纳入季度安全评估", "post-mortem: passwords never changed; lessons: part of the quarterly assessment" } },
	{ "threat_detection", "malware", G_LARGER,
	  { "终端防护拦截到勒索软件加密行为", "Endpoint protection blocked ransomware encrypting files" },
	  { "客服中心坐席终端3台", "three contact-centre agent PCs" },
	  { "隔离受影响终端，封堵内网445端口", "PCs isolated, port 445 blocked internally" },
	  { "清除恶意程序，从备份恢复文件", "malware removed, files restored from backup" },
	  { "原因：未打补丁的共享服务被利用；影响：少量本地文件被加密，已恢复", "cause: an unpatched file share exploited; impact: a few local files encrypted, restored" },
	  { "全网补丁核查，关闭不必要的共享", "patch audit across the network, needless shares closed" },
	  { "复盘：补丁管理有盲区；改进：补丁合规纳入考核", "post-mortem: patching had blind spots; lessons: patch compliance in reviews" } },
	{ "user_report", "other", G_GENERAL,
	  { "装维人员报告遗失工作笔记本电脑", "A field engineer reports a lost work laptop" },
	  { "装维工作笔记本1台", "one field engineer's laptop" },
	  { "远程锁定设备，注销其VPN证书", "device locked remotely, VPN certificate revoked" },
	  { "重置相关系统账户", "the related system accounts reset" },
	  { "原因：设备遗失；影响：硬盘已加密，未发现数据泄露", "cause: device lost; impact: disk encrypted, no leak found" },
	  { "移动设备统一纳管，强制全盘加密", "mobile devices under central management, full-disk encryption enforced" },
	  { "复盘：设备登记不全；改进：领用归还台账", "post-mortem: device records incomplete; lessons: issue and return register" } },
};

static const duo false_alarm[] = {
	{ "IDS告警：疑似对营业厅网络的端口扫描", "IDS alert: suspected port scan of the service hall network" },
	{ "核实为合作厂商授权的漏洞扫描，非安全事件", "an authorised vendor's vulnerability scan; no incident" },
};

static const duo report_note = { "已向分公司管理层书面报告事件情况、影响和处置进展",
				 "reported to branch management in writing: facts, impact and response so far" };
static const duo recover_note = { "业务已恢复，监控指标正常", "service restored, monitoring normal" };
static const duo progress_notes[] = {
	{ "持续监控，未发现新的异常", "monitoring continues, nothing new" },
	{ "已保全相关日志备查", "relevant logs preserved" },
	{ "已通报相关部门配合排查", "related departments asked to help investigate" },
};
static const duo regrade_note = { "影响小于初判，降级处理", "impact smaller than first assessed; downgraded" };

typedef struct incident_plan {
	int64_t at;
	int kind; /* -1: the false alarm */
} incident_plan;

static int by_at(const void *a, const void *b)
{
	const incident_plan *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at;
}

static void incident(gen *g, const incident_plan *p, uint32_t no, const char *ref)
{
	cs c;
	case_open(&c, g, no, ref, 4);
	rng *r = &c.r;
	int lang = rng_chance(r, 0.75) ? ZH : EN;
	int officer = (int)rng_range(r, 0, staff_count(R_SECURITY) - 1);
	const char *s1 = staff_at(R_SECURITY, officer), *s2 = staff_at(R_SECURITY, officer + 1);
	const char *boss = staff(r, R_MANAGEMENT);
	char note[512];
	int64_t t = p->at;

	if (p->kind < 0) { /* detected, then dismissed: no incident */
		ev_begin(&c, "incident.create", t, s1, "security_officer");
		ev_str(&c, "source", "threat_detection");
		ev_str(&c, "type", "intrusion");
		ev_str(&c, "description", TEXT(false_alarm[0], lang));
		ev_end(&c, NULL);
		ev_begin(&c, "incident.dismiss", t + minutes(r, 20, 180), s1, "security_officer");
		ev_end(&c, TEXT(false_alarm[1], lang));
		return;
	}
	const struct incident_kind *k = &kinds[p->kind];
	bool user = k->source[0] == 'u';
	ev_begin(&c, "incident.create", t, user ? staff(r, R_AGENT) : s1, user ? "agent" : "security_officer");
	ev_str(&c, "source", k->source);
	ev_str(&c, "type", k->type);
	ev_str(&c, "description", TEXT(k->description, lang));
	ev_str(&c, "scope", TEXT(k->scope, lang));
	if (user) {
		customer who;
		make_customer(r, &who, false);
		ev_str(&c, "reporter", who.name);
	}
	ev_time(&c, "occurred_at", t - minutes(r, 5, user ? 2880 : 90));
	ev_end(&c, NULL);

	int64_t confirmed = t + minutes(r, 10, 90);
	ev_begin(&c, "incident.confirm", confirmed, s1, "security_officer");
	ev_str(&c, "grade", grades[k->grade]);
	snprintf(note, sizeof(note), "%s%s", lang == EN ? "confirmed; scope: " : "已确认；影响范围：", TEXT(k->scope, lang));
	ev_end(&c, note);

	/* the report is due 1 h after confirmation for larger and major
	 * incidents, 24 h for general ones (RULES.md DEFAULTS); one in four
	 * of the larger ones is reported late */
	bool urgent = k->grade >= G_LARGER;
	int64_t reported = confirmed + (urgent ? (rng_chance(r, 0.25) ? minutes(r, 65, 95) : minutes(r, 15, 55))
					       : minutes(r, 60, 1200));
	bool contain_first = urgent && rng_chance(r, 0.6); /* containment cannot wait for a meeting */
	int64_t isolated = contain_first ? confirmed + minutes(r, 3, 12) : reported + minutes(r, 5, 60);
	if (contain_first) {
		ev_begin(&c, "incident.isolate", isolated, s1, "security_officer");
		ev_end(&c, TEXT(k->isolate, lang));
		if (plant_refused(&c, 40)) { /* the repair waits for the report */
			ev_begin(&c, "incident.repair", isolated + minutes(r, 1, 3), s1, "security_officer");
			ev_refusable(&c, "refused: incident repair before the report");
			ev_end(&c, TEXT(k->repair, lang));
		}
	}
	ev_begin(&c, "incident.report", reported, s1, "security_officer");
	ev_end(&c, TEXT(report_note, lang));
	if (!contain_first) {
		ev_begin(&c, "incident.isolate", isolated, s1, "security_officer");
		ev_end(&c, TEXT(k->isolate, lang));
	}
	int64_t at = (reported > isolated ? reported : isolated) + minutes(r, 60, 600);
	ev_begin(&c, "incident.repair", at, s1, "security_officer");
	ev_end(&c, TEXT(k->repair, lang));
	ev_begin(&c, "incident.recover", at += minutes(r, 30, 360), s1, "security_officer");
	ev_end(&c, TEXT(recover_note, lang));
	if (rng_chance(r, 0.6)) {
		at += minutes(r, 60, 900);
		ev_begin(&c, "incident.progress", at, rng_chance(r, 0.5) ? s1 : s2, "security_officer");
		ev_end(&c, TEXT(PICK(r, progress_notes), lang));
	}
	ev_begin(&c, "incident.analyse", at = office_time(r, at + minutes(r, 1440, 4320)), s1, "security_officer");
	ev_end(&c, TEXT(k->analyse, lang));
	if (k->grade == G_LARGER && rng_chance(r, 0.3)) {
		ev_begin(&c, "incident.regrade", at = office_time(r, at + minutes(r, 60, 1440)), boss, "management");
		ev_str(&c, "grade", "general");
		ev_end(&c, TEXT(regrade_note, lang));
	}
	bool by_supervisor = rng_chance(r, 0.3);
	at = office_time(r, at + minutes(r, 2880, 14400));
	ev_begin(&c, "incident.rectify", at, by_supervisor ? staff(r, R_SUPERVISOR) : s1,
		 by_supervisor ? "supervisor" : "security_officer");
	ev_end(&c, TEXT(k->rectify, lang));
	ev_begin(&c, "incident.postmortem", at = office_time(r, at + minutes(r, 1440, 5760)), s1, "security_officer");
	ev_end(&c, TEXT(k->postmortem, lang));
	at = office_time(r, at + minutes(r, 1440, 4320));
	if (plant_refused(&c, 20)) { /* four eyes: the author does not close it */
		ev_begin(&c, "incident.close", at - minutes(r, 5, 60), s1, "security_officer");
		ev_refusable(&c, "refused: incident closed by the post-mortem's author");
		ev_end(&c, NULL);
	}
	bool boss_closes = rng_chance(r, 0.7);
	ev_begin(&c, "incident.close", at, boss_closes ? boss : s2, boss_closes ? "management" : "security_officer");
	ev_end(&c, NULL);
}

void build_incidents(gen *g, int n, uint32_t first_no, const outage *attack)
{
	rng r = rng_for(gen_seed(g), 5, 0);
	incident_plan *plans = calloc((size_t)n, sizeof(*plans));
	if (!plans)
		return;
	int dismissed = n >= 2 ? (int)rng_range(&r, 1, n - 1) : -1;
	for (int i = 0; i < n; i++) {
		plans[i].at = day_start((int)rng_range(&r, 0, Q_DAYS - 12));
		plans[i].at += rng_range(&r, 0, DAY - 1);
		plans[i].kind = 1 + i % (COUNT(kinds) - 1); /* the others in turn */
		if (i == dismissed)
			plans[i].kind = -1;
	}
	if (attack) { /* detected minutes into the outage it caused */
		plans[0].kind = 0;
		plans[0].at = attack->start + minutes(&r, 3, 12);
	}
	qsort(plans, (size_t)n, sizeof(*plans), by_at);
	char ref[24];
	for (int i = 0; i < n; i++) {
		snprintf(ref, sizeof(ref), "SEC-2025-%03d", i + 1);
		incident(g, &plans[i], first_no + (uint32_t)i, ref);
	}
	free(plans);
}
