/* Complaints through their lifecycle (§6, docs/complaint-lifecycle.md):
 * intake and classification by category and severity (§6.1),
 * verification within 24 h, first handling and the closed loop in
 * working days (§6.2), feedback and the return visit (§6.3), reopening,
 * waits, withdrawals and overrides. */
#include "gen.h"

#include <stdio.h>
#include <string.h>

enum { CAT_SERVICE, CAT_NETWORK, CAT_BILLING, CAT_TECHNICAL, CAT_OTHER };
static const char *const categories[] = { "service", "network", "billing", "technical", "other" };
enum { SEV_GENERAL = 1, SEV_SERIOUS, SEV_MAJOR };
static const char *const severities[] = { "", "general", "serious", "major" };

/* The customer's words. Each text mentions only its own category's
 * keywords (policy complaints.keywords.*) and no severity word, so that
 * the §6.1 rules classify it as intended when the intake gives no
 * category; the severity comes from the suffix or the flags. */
static const duo texts[][6] = {
	{ { "营业厅工作人员态度恶劣，办理业务时很不耐烦", "The staff at the service hall were rude and impatient" },
	  { "客服热线打了半小时没人接", "I waited on the hotline for 40 minutes and no one answered" },
	  { "在营业厅排队两个小时才办完业务", "Customer service promised a visit that day and nobody came" },
	  { "装维人员承诺当天上门，结果没有来", "The engineer's attitude during the visit was unacceptable" },
	  { "几个部门互相推诿，问题没人管", "Customer service hung up on me before I could explain" },
	  { "投诉处理人员不理睬我的诉求", "The staff at the counter ignored me for twenty minutes" } },
	{ { "家里宽带经常掉线，晚上根本上不了网", "My broadband keeps disconnecting every evening" },
	  { "小区手机信号很差，打电话经常通话中断", "No signal in my flat since the new building went up" },
	  { "宽带网速远低于套餐标称速率", "Slow internet for weeks, a fraction of the speed I pay for" },
	  { "连续两天断网，影响在家办公", "Frequent dropped calls on my mobile at home" },
	  { "5G网络覆盖不到我家，只能用4G", "The 5G network does not reach my street, only 4G" },
	  { "晚上看视频一直缓冲，网速太慢", "Slow internet every night, videos never load" } },
	{ { "本月话费多收了50元，要求退费", "I was overcharged on my July bill" },
	  { "未经同意乱扣费，开通了我没订的增值业务", "Unknown charge of 30 yuan on my account, I want a refund" },
	  { "账单里有一笔不明收费", "A monthly fee is still billed after I cancelled the service" },
	  { "宽带已拆机但仍在收取月租费用", "I was charged for roaming although I never left the city" },
	  { "套餐外流量扣费过高", "The extra data charge this month is far too high" },
	  { "优惠活动的话费返还没有到账", "The promised bill credit never reached my account" } },
	{ { "光猫频繁重启，师傅来过也没用", "The modem you installed keeps rebooting" },
	  { "掌上APP无法登录，一直报错", "Cannot log in to the self-service portal, it shows an error" },
	  { "新买的路由器设置不了，师傅也不会弄", "The router cannot be set up and the engineer could not configure it" },
	  { "IPTV安装后一直无法使用", "The app crashes whenever I open my account page" },
	  { "机顶盒升级后报错，无法开机", "The set-top box shows an error since the update" },
	  { "光猫和路由器频繁断开，需要重启", "The modem drops the router and I must restart both" } },
	{ { "营销短信太多，要求停止发送", "Too many marketing text messages, please stop them" },
	  { "号码被标记为骚扰电话，要求处理", "My number is labelled as spam on other people's phones" },
	  { "对积分兑换规则的变更不满意", "Unhappy with the change to the loyalty points rules" },
	  { "靓号预约被他人抢先办理", "Someone else got the lucky number I had reserved" },
	  { "会员权益说明不清楚", "The member benefits are explained nowhere" },
	  { "宣传单页内容与实际活动不符", "The flyer does not match the actual promotion" } },
};

static const duo serious_words[] = {
	{ "，这已经是第二次反映了", " This is the second time I complain about it." },
	{ "，多次反映一直没解决", " I have reported this several times." },
	{ "，问题反复出现", " It keeps happening again and again." },
};
static const duo major_words[] = {
	{ "，再不解决我将向工信部投诉", " If this is not fixed I will go to the regulator." },
	{ "，已联系媒体准备曝光", " I have contacted a journalist." },
	{ "，我已委托律师", " My lawyer will be in touch." },
};
static const duo mass_text = { "整个小区断网一整天，几百户受影响",
			       "The whole estate has had no internet all day, hundreds of homes affected" };

static const duo first_handling[] = {
	{ "已联系涉事营业厅核实情况", "called the service hall concerned to check" },
	{ "已派网络优化工程师现场测试", "network engineer sent for an on-site test" },
	{ "已调取计费记录核查", "billing records pulled for review" },
	{ "已安排技术人员远程检测", "technician assigned for a remote check" },
	{ "已转相关部门处理", "passed to the department concerned" },
};
static const duo measures[] = {
	{ "已约谈当事员工", "spoke with the staff member concerned" },
	{ "已调整基站参数并复测", "cell parameters adjusted and retested" },
	{ "已核实计费差错", "billing error confirmed" },
	{ "已更换终端设备", "device replaced" },
	{ "相关部门已反馈处理意见", "the department sent its answer" },
};
static const duo results[] = {
	{ "已向客户致歉，当事员工已批评教育", "apologised; the staff member was disciplined" },
	{ "信号和速率已恢复正常，已告知客户", "signal and speed back to normal; customer told" },
	{ "多收费用已退还至客户账户", "the overcharge was refunded to the account" },
	{ "设备问题已解决，客户确认可正常使用", "device problem solved; customer confirmed it works" },
	{ "已按客户要求处理并告知结果", "done as asked; customer told" },
};
static const duo visits[] = {
	{ "客户对处理结果满意", "customer satisfied" },
	{ "客户基本满意，希望加快处理速度", "mostly satisfied; wants faster handling" },
	{ "客户不满意，认为处理不彻底", "not satisfied; thinks it was not fully fixed" },
};
static const duo reopens[] = {
	{ "客户回访不满意：问题又出现了", "customer dissatisfied at the return visit: the problem is back" },
	{ "客户认为处理结果未达预期", "customer says the result falls short" },
};
static const duo withdrawals[] = {
	{ "客户表示问题已自行解决，撤回投诉", "customer says it is solved and withdraws" },
	{ "客户接受解释，撤回投诉", "customer accepted the explanation and withdrew" },
};
static const duo waits[] = {
	{ "等待客户提供缴费凭证", "waiting for the customer's payment receipts" },
	{ "客户出差，约定返回后上门核实", "customer away; visit once they are back" },
};
static const duo resumed = { "客户已提供资料，继续处理", "customer sent the documents; resumed" };
static const duo recategorised[] = {
	{ "经核实属服务问题", "checked: a service matter" },     { "经核实为网络问题", "checked: a network matter" },
	{ "经核实为计费问题", "checked: a billing matter" },     { "经核实为设备技术问题", "checked: a technical matter" },
	{ "不属于以上类别", "none of the categories" },
};
static const duo reseverity[] = {
	{ "", "" },
	{ "经核实影响较小，调整为一般", "checked: small impact; general" },
	{ "客户多次来电催办，升级为较严重", "customer called repeatedly; raised to serious" },
	{ "客户表示将向媒体反映，升级为重大", "customer will go to the press; raised to major" },
};

static const char *const services_of[][2] = {
	{ "mobile", "broadband" }, { "broadband", "mobile" }, { "mobile", "fixed_voice" }, { "broadband", "iptv" },
	{ "mobile", "mobile" },
};

typedef struct cmp {
	cs c;
	customer who;
	int lang, category, severity;
	const char *handler;
} cmp;

/* The complaint desk: agents who take complaints, in office and desk hours. */
static const char *desk_agent(rng *r)
{
	return staff_at(R_AGENT, (int)rng_range(r, 0, 15));
}

static void feedback_and_visit(cmp *p, int64_t *t, int64_t visit_at, int score, bool plant_close, bool plant_visit)
{
	cs *c = &p->c;
	rng *r = &c->r;
	static const char *const by[] = { "phone", "phone", "phone", "online", "email", "onsite" };
	ev_begin(c, "complaint.feedback", *t, p->handler, "agent");
	ev_str(c, "channel", PICK(r, by));
	ev_end(c, TEXT(results[p->category], p->lang));
	if (plant_close) { /* §6.3: a return visit confirms the result first */
		ev_begin(c, "complaint.close", *t + minutes(r, 1, 20), p->handler, "agent");
		ev_refusable(c, "refused: complaint closed before the return visit");
		ev_end(c, NULL);
	}
	if (plant_visit) { /* the person who gave the feedback does not confirm it */
		ev_begin(c, "complaint.return_visit", *t + minutes(r, 1, 20), p->handler, "agent");
		ev_refusable(c, "refused: return visit by who gave the feedback");
		ev_int(c, "score", 95);
		ev_end(c, TEXT(visits[0], p->lang));
	}
	*t = desk_time(r, visit_at > *t ? visit_at : *t + minutes(r, 30, 600));
	const char *other = desk_agent(r);
	if (rng_chance(r, 0.6))
		ev_begin(c, "complaint.return_visit", *t, staff(r, R_QUALITY), "quality_monitor");
	else
		ev_begin(c, "complaint.return_visit", *t, strcmp(other, p->handler) ? other : staff(r, R_SUPERVISOR),
			 strcmp(other, p->handler) ? "agent" : "supervisor");
	ev_int(c, "score", score);
	ev_end(c, TEXT(visits[score >= 90 ? 0 : score >= 75 ? 1 : 2], p->lang));
}

static void close_it(cmp *p, int64_t at, bool plant)
{
	cs *c = &p->c;
	rng *r = &c->r;
	if (p->severity == SEV_MAJOR) { /* §6.2: permissions.complaints.close_major */
		if (plant) {
			ev_begin(c, "complaint.close", at, p->handler, "agent");
			ev_refusable(c, "refused: major complaint closed by an agent");
			ev_end(c, NULL);
		}
		at += minutes(r, 1, 30);
		ev_begin(c, "complaint.close", at, staff(r, R_SUPERVISOR), "supervisor");
	} else if (rng_chance(r, 0.85)) {
		ev_begin(c, "complaint.close", at, p->handler, "agent");
	} else {
		ev_begin(c, "complaint.close", at, staff(r, R_SUPERVISOR), "supervisor");
	}
	ev_end(c, NULL);
}

void build_complaint(gen *g, const plan *pl, const char *ref, const outage *o)
{
	cmp p;
	memset(&p, 0, sizeof(p));
	cs *c = &p.c;
	case_open(c, g, pl->no, ref, 2);
	rng *r = &c->r;
	make_customer(r, &p.who, pl->channel == 3);
	p.lang = p.who.lang;

	/* §6.1 category and severity; the mix of the handbook's figures */
	/* a little more service than the 45 %: overrides and outages move some to network */
	static const int category_mix[] = { 47, 31, 15, 5, 3 };
	const char *flags[1] = { NULL };
	char content[512];
	if (o) {
		p.category = CAT_NETWORK;
		p.severity = SEV_MAJOR;
		flags[0] = "mass";
		snprintf(content, sizeof(content), "%s", TEXT(mass_text, p.lang));
	} else {
		p.category = rng_weighted(r, category_mix, COUNT(category_mix));
		double u = rng_unit(r);
		p.severity = u < 0.035 ? SEV_MAJOR : u < 0.145 ? SEV_SERIOUS : SEV_GENERAL;
		const char *base = TEXT(texts[p.category][rng_range(r, 0, 5)], p.lang), *extra = "";
		if (p.severity == SEV_MAJOR && rng_chance(r, 0.3))
			flags[0] = "media";
		else if (p.severity == SEV_SERIOUS && rng_chance(r, 0.5))
			flags[0] = "repeat";
		else if (p.severity != SEV_GENERAL)
			extra = TEXT(p.severity == SEV_MAJOR ? PICK(r, major_words) : PICK(r, serious_words), p.lang);
		snprintf(content, sizeof(content), "%s%s%s", base, extra, p.lang == ZH ? "。" : "");
	}
	int lim1 = p.severity, lim2 = p.severity == SEV_GENERAL ? 5 : p.severity == SEV_SERIOUS ? 7 : 10;

	int64_t t0 = pl->at, t;
	p.handler = desk_agent(r);
	bool sup_intake = rng_chance(r, 0.05);
	ev_begin(c, "complaint.create", t0, sup_intake ? staff(r, R_SUPERVISOR) : desk_agent(r),
		 sup_intake ? "supervisor" : "agent");
	ev_str(c, "channel", complaint_channels[pl->channel]);
	ev_str(c, "customer", p.who.name);
	ev_str(c, "contact", p.who.contact);
	ev_str(c, "content", content);
	if (rng_chance(r, 0.8))
		ev_str(c, "service_type", services_of[p.category][rng_range(r, 0, 1)]);
	if (rng_chance(r, 0.4)) /* else classified from the text (§6.1) */
		ev_str(c, "category", categories[p.category]);
	if (rng_chance(r, 0.12))
		ev_str(c, "severity", severities[p.severity]);
	if (flags[0])
		ev_list(c, "flags", flags, 1);
	ev_end(c, NULL);

	/* the refused event this case carries, if any; the last kind needs a major complaint */
	int planted = plant_refused(c, 1.0) ? (int)rng_range(r, 0, p.severity == SEV_MAJOR ? 3 : 2) : -1;
	if (planted == 2) { /* §6.2: handling follows verification and classification */
		ev_begin(c, "complaint.handle", t0 + minutes(r, 1, 10), p.handler, "agent");
		ev_refusable(c, "refused: complaint handled before verification");
		ev_end(c, TEXT(first_handling[p.category], p.lang));
	}

	/* §6.2: verified and registered within 24 hours */
	t = desk_time(r, t0 + (rng_chance(r, 0.98) ? minutes(r, 10, 360) : minutes(r, 1440, 2000)));
	ev_begin(c, "complaint.verify", t, p.handler, "agent");
	ev_end(c, NULL);
	static const int classifier[] = { R_AGENT, R_SUPERVISOR, R_QUALITY };
	int role = classifier[rng_weighted(r, (const int[]){ 70, 10, 20 }, 3)];
	t += minutes(r, 1, 60);
	ev_begin(c, "complaint.classify", t, role == R_AGENT ? p.handler : staff(r, role), role_names[role]);
	ev_end(c, NULL);

	double u = rng_unit(r);
	if (u < 0.012) { /* withdrawn before handling */
		bool self = rng_chance(r, 0.6);
		ev_begin(c, "complaint.withdraw", desk_time(r, t + minutes(r, 30, 2880)), self ? p.who.id : p.handler,
			 self ? "customer" : "agent");
		ev_end(c, TEXT(withdrawals[rng_range(r, 0, 1)], p.lang));
		return;
	}
	int64_t paused = 0;
	if (u < 0.062) { /* every clock pauses while the desk waits (RULES.md DEFAULTS) */
		ev_begin(c, "complaint.wait_customer", t += minutes(r, 5, 60), p.handler, "agent");
		ev_end(c, TEXT(PICK(r, waits), p.lang));
		int64_t back = desk_time(r, t + minutes(r, 1440, 5760));
		paused = back - t;
		bool self = rng_chance(r, 0.5);
		ev_begin(c, "complaint.resume", t = back, self ? p.who.id : p.handler, self ? "customer" : "agent");
		ev_end(c, TEXT(resumed, p.lang));
	}

	/* the agent's overrides of §6.1, with the reason */
	u = rng_unit(r);
	if (u < 0.02) {
		int to = (p.category + (int)rng_range(r, 1, 4)) % 5;
		ev_begin(c, "complaint.set_category", t += minutes(r, 5, 120), p.handler, "agent");
		ev_str(c, "category", categories[to]);
		ev_end(c, TEXT(recategorised[to], p.lang));
		p.category = to;
	} else if (u < 0.045) {
		int to = p.severity == SEV_GENERAL ? (rng_chance(r, 0.7) ? SEV_SERIOUS : SEV_MAJOR)
			 : p.severity == SEV_SERIOUS ? (rng_chance(r, 0.5) ? SEV_MAJOR : SEV_GENERAL)
						     : SEV_SERIOUS;
		bool sup = rng_chance(r, 0.4);
		t += minutes(r, 5, 120);
		ev_begin(c, "complaint.set_severity", t, sup ? staff(r, R_SUPERVISOR) : p.handler,
			 sup ? "supervisor" : "agent");
		ev_str(c, "severity", severities[to]);
		ev_end(c, TEXT(reseverity[to], p.lang));
		p.severity = to;
		lim1 = to, lim2 = to == SEV_GENERAL ? 5 : to == SEV_SERIOUS ? 7 : 10;
	}

	/* first handling within 1, 2 or 3 working days, the closed loop
	 * within 5, 7 or 10 (§6.2); a few are late */
	int64_t due1 = working_days_end(t0, lim1) + paused, due2 = working_days_end(t0, lim2) + paused;
	bool late1 = rng_chance(r, 0.03);
	int64_t handle = late1 ? due1 + minutes(r, 600, 2400) : t + (int64_t)((double)(due1 - t) * 0.6 * rng_unit(r));
	handle = office_time(r, handle > t ? handle : t + minutes(r, 5, 60));
	if (!late1 && handle > due1)
		handle = desk_time(r, due1 - minutes(r, 300, 700)); /* the desk's evening shift */
	ev_begin(c, "complaint.handle", handle > t ? handle : t, p.handler, "agent");
	ev_end(c, TEXT(first_handling[p.category], p.lang));
	t = c->last;

	bool late = rng_chance(r, 0.055);
	int64_t end = late ? due2 + minutes(r, 300, 5760)
			   : t + (int64_t)((double)(due2 - t) * (0.15 + 0.7 * rng_unit(r)));
	end = desk_time(r, end);
	if (!late && end > due2)
		end = due2 - minutes(r, 240, 600);
	if (end < t + HOUR)
		end = t + minutes(r, 60, 180);
	int64_t visit = end - minutes(r, 5, 180), fb = visit - minutes(r, 30, 1440);
	if (fb < t + 10 * MINUTE)
		fb = t + minutes(r, 10, 30);
	int n = (int)rng_range(r, 0, 3);
	for (int i = 0; i < n; i++) {
		ev_begin(c, "complaint.progress", desk_time(r, t + (fb - t) * (i + 1) / (n + 2)), p.handler, "agent");
		ev_end(c, TEXT(measures[p.category], p.lang));
	}
	t = desk_time(r, fb);

	/* a dissatisfied customer reopens it, after the visit or the closure */
	bool reopen = rng_chance(r, 0.04);
	int score = reopen ? (int)rng_range(r, 15, 59) : satisfaction(r);
	feedback_and_visit(&p, &t, visit, score, planted == 0, planted == 1);
	bool after_close = reopen && rng_chance(r, 0.4);
	if (!reopen || after_close) {
		close_it(&p, t = desk_time(r, c->last + minutes(r, 5, 240)), planted == 3);
		if (!reopen)
			return;
		t = desk_time(r, c->last + minutes(r, 1440, 7200));
	} else {
		t = desk_time(r, c->last + minutes(r, 10, 1440));
	}
	bool self = rng_chance(r, 0.6);
	ev_begin(c, "complaint.reopen", t, self ? p.who.id : p.handler, self ? "customer" : "agent");
	ev_end(c, TEXT(PICK(r, reopens), p.lang));
	ev_begin(c, "complaint.progress", t = desk_time(r, t + minutes(r, 60, 1440)), p.handler, "agent");
	ev_end(c, TEXT(measures[p.category], p.lang));
	t = desk_time(r, t + minutes(r, 120, 2880));
	int64_t visit_at = t + minutes(r, 60, 1440);
	feedback_and_visit(&p, &t, visit_at, satisfaction(r), false, false);
	close_it(&p, desk_time(r, c->last + minutes(r, 5, 240)), false);
}
