/* Service requests through their lifecycle (docs/request-lifecycle.md):
 * intake and classification (§2.1), preprocessing with the report three
 * people sign (§2.2, §2.4), handling and execution problems (§3.1,
 * §3.3), delivery and acceptance (§4.1, §4.2), feedback and closure
 * (§1.3), waits for the customer, cancellations. */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum content { C_NETWORK, C_VOICE, C_DATA, C_SERVICE, C_FAULT, C_PACKAGE };
static const char *const content_names[] = { "network", "voice", "data", "customer_service", "fault",
					     "package_change" };

enum { P_NONE, P_EMERGENCY, P_IMPORTANT, P_GENERAL, P_NON_URGENT };
static const char *const priority_names[] = { "", "emergency", "important", "general", "non_urgent" };

/* How a request is delivered: plainly, as a new basic service or a
 * leased line (the §4.1 delivery limits), or at the customer's pace
 * (may be non-urgent). */
enum { K_PLAIN, K_INSTALL, K_LEASED, K_LATER };

typedef struct req_tpl {
	uint8_t content, kind;
	const char *service;
	duo text;
} req_tpl;

static const req_tpl plain[] = {
	{ C_NETWORK, K_PLAIN, "broadband", { "$A宽带晚上网速慢，测速只有套餐速率的三分之一", "Broadband at $A is slow every evening, a third of the plan's speed" } },
	{ C_NETWORK, K_LATER, "broadband", { "家中Wi-Fi覆盖差，申请上门做网络优化", "Poor Wi-Fi coverage at home, please send someone to optimise it" } },
	{ C_NETWORK, K_PLAIN, "mobile", { "$A室内手机信号弱，经常只有一格", "Weak mobile signal indoors at $A, often one bar" } },
	{ C_NETWORK, K_LEASED, "leased_line", { "$A新开企业专线，带宽100M", "New 100M leased line for a business at $A" } },
	{ C_NETWORK, K_PLAIN, "broadband", { "申请宽带测速并出具测速报告", "Please test my broadband speed and send the report" } },
	{ C_VOICE, K_LATER, "fixed_voice", { "申请开通固话来电显示", "Add caller ID to my landline" } },
	{ C_VOICE, K_PLAIN, "mobile", { "手机通话有回声和杂音", "Echo and noise on mobile calls" } },
	{ C_VOICE, K_LATER, "fixed_voice", { "固定电话移机至$A", "Move my landline to $A" } },
	{ C_VOICE, K_LATER, "mobile", { "申请办理号码携入", "Port my number in from another operator" } },
	{ C_VOICE, K_PLAIN, "fixed_voice", { "固话无法拨打长途电话", "Landline cannot make long-distance calls" } },
	{ C_DATA, K_PLAIN, "mobile", { "手机显示已连接5G但打不开网页", "Phone shows 5G connected but no pages load" } },
	{ C_DATA, K_PLAIN, "mobile", { "出国前开通国际漫游数据", "Turn on roaming data before my trip abroad" } },
	{ C_DATA, K_PLAIN, "mobile", { "流量包已订购但未生效", "Data pack bought but not active" } },
	{ C_DATA, K_LATER, "mobile", { "企业物联网卡批量开通$N0张", "Activate $N0 IoT SIM cards for our company" } },
	{ C_DATA, K_PLAIN, "broadband", { "宽带获取不到IPv6地址", "Broadband gets no IPv6 address" } },
	{ C_SERVICE, K_LATER, "mobile", { "申请近三个月通话详单", "Itemised call records for the last three months" } },
	{ C_SERVICE, K_PLAIN, "mobile", { "修改账户联系人电话", "Change the account's contact number" } },
	{ C_SERVICE, K_LATER, "mobile", { "办理停机保号", "Suspend my line and keep the number" } },
	{ C_SERVICE, K_LATER, "broadband", { "申请开具上月增值税发票", "Issue last month's VAT invoice" } },
	{ C_SERVICE, K_PLAIN, "mobile", { "实名登记信息变更", "Update my real-name registration" } },
	{ C_SERVICE, K_PLAIN, "broadband", { "咨询宽带续约优惠", "Ask about broadband renewal offers" } },
	{ C_SERVICE, K_PLAIN, "iptv", { "查询IPTV点播消费记录", "Show my IPTV on-demand purchases" } },
	{ C_FAULT, K_PLAIN, "broadband", { "光猫LOS灯红灯闪烁，上网时断时续", "Modem LOS light blinking red, connection comes and goes" } },
	{ C_FAULT, K_PLAIN, "iptv", { "IPTV机顶盒开机黑屏", "IPTV set-top box shows a black screen" } },
	{ C_FAULT, K_PLAIN, "broadband", { "宽带拨号报错691", "PPPoE dial-up fails with error 691" } },
	{ C_FAULT, K_PLAIN, "fixed_voice", { "固话线路有杂音", "Crackling noise on the landline" } },
	{ C_FAULT, K_PLAIN, "broadband", { "路由器重启后部分设备连不上", "After a router restart some devices cannot connect" } },
	{ C_FAULT, K_PLAIN, "mobile", { "手机SIM卡无法识别", "SIM card not recognised" } },
	{ C_PACKAGE, K_LATER, "broadband", { "升级至$P", "Upgrade to the $P" } },
	{ C_PACKAGE, K_LATER, "mobile", { "套餐变更为$P，下月生效", "Change to the $P from next month" } },
	{ C_PACKAGE, K_INSTALL, "broadband", { "新装宽带：$A", "New broadband installation at $A" } },
	{ C_PACKAGE, K_INSTALL, "iptv", { "加装IPTV：$A", "Add IPTV at $A" } },
	{ C_PACKAGE, K_PLAIN, "mobile", { "取消彩铃业务", "Cancel the ringback tone service" } },
	{ C_PACKAGE, K_PLAIN, "mobile", { "增加副卡一张", "Add a secondary SIM" } },
	{ C_PACKAGE, K_LEASED, "leased_line", { "企业专线带宽由50M扩容至200M", "Upgrade the business leased line from 50M to 200M" } },
};

/* §2.1.2: requests touching safety, an outage or degradation are urgent. */
static const req_tpl outages[] = {
	{ C_FAULT, K_PLAIN, "broadband", { "家里宽带完全断了，一直上不了网", "Broadband completely down, no connection at all" } },
	{ C_FAULT, K_PLAIN, "broadband", { "$A整栋楼宽带全部中断", "The whole building at $A has lost broadband" } },
	{ C_NETWORK, K_PLAIN, "mobile", { "$A附近手机完全没有信号", "No mobile signal at all around $A" } },
	{ C_FAULT, K_PLAIN, "fixed_voice", { "固话无拨号音，完全打不出去", "Landline dead, no dial tone" } },
	{ C_FAULT, K_PLAIN, "iptv", { "IPTV所有频道都无法播放", "No IPTV channel plays at all" } },
	{ C_FAULT, K_PLAIN, "leased_line", { "企业专线中断，业务系统无法访问", "Business leased line down, our systems are unreachable" } },
};
static const req_tpl safety[] = {
	{ C_FAULT, K_PLAIN, "broadband", { "$A门口通信线杆倾斜，有倒塌危险", "Telecom pole leaning dangerously outside $A" } },
	{ C_FAULT, K_PLAIN, "fixed_voice", { "楼道内通信线缆垂落，有触电风险", "Telecom cable hanging in the stairwell, risk of electric shock" } },
	{ C_NETWORK, K_PLAIN, "mobile", { "基站天线支架松动，可能坠落", "Cell antenna mount loose, may fall" } },
	{ C_FAULT, K_PLAIN, "broadband", { "$A光交箱门被撞开，线缆外露", "Street cabinet at $A smashed open, cables exposed" } },
};
static const req_tpl degraded[] = {
	{ C_NETWORK, K_PLAIN, "broadband", { "晚高峰网速明显下降，视频频繁卡顿", "Speed drops sharply at peak hours, video keeps buffering" } },
	{ C_VOICE, K_PLAIN, "mobile", { "最近通话质量下降，频繁断续", "Call quality has dropped lately, calls keep breaking up" } },
	{ C_DATA, K_PLAIN, "mobile", { "$A一带5G速率明显下降", "5G speeds around $A have dropped noticeably" } },
	{ C_NETWORK, K_PLAIN, "iptv", { "IPTV画面经常出现马赛克", "IPTV picture keeps pixelating" } },
};

/* ---- notes ---- */

static const duo analysis[] = {
	{ "客户反映速率或覆盖问题，需现场测试", "speed or coverage trouble; needs an on-site test" },
	{ "语音业务需求，需核实线路和号码状态", "voice request; check the line and the number" },
	{ "数据业务需求，需核实开通状态", "data service request; check its provisioning" },
	{ "客户服务类需求，资料齐全", "customer service request; documents complete" },
	{ "故障报修，需定位故障点", "fault report; locate the fault" },
	{ "套餐或业务变更，需核实合约", "plan or service change; check the contract" },
};
static const duo proposal[] = {
	{ "上门测速并优化线路或Wi-Fi部署", "on-site speed test, then tune the line or the Wi-Fi" },
	{ "后台配置后回访确认", "configure in the back office, confirm with the customer" },
	{ "核查并调整数据业务配置", "check and correct the data settings" },
	{ "按流程办理并通知客户", "process it and inform the customer" },
	{ "远程诊断，必要时派装维上门", "remote diagnosis, a field visit if needed" },
	{ "系统变更并告知生效时间", "change it and tell the customer when it takes effect" },
};
static const duo teams[] = {
	{ "装维一班", "field team 1" },	       { "装维二班", "field team 2" },	 { "网络优化组", "network optimisation" },
	{ "客户服务组", "customer service desk" }, { "政企专线组", "business lines team" }, { "IPTV支撑组", "IPTV support" },
	{ "无线优化组", "radio optimisation" },
};
static const duo delivered[] = {
	{ "已完成测速和优化，速率达标", "speed test and tuning done; the speed meets the plan" },
	{ "已完成配置，呼叫测试正常", "configured; test calls fine" },
	{ "数据业务已恢复，测试正常", "data service working; tested" },
	{ "已办理完毕，结果已告知客户", "done; customer informed" },
	{ "已排除故障，业务恢复正常", "fault cleared; service back to normal" },
	{ "变更已生效", "the change is in effect" },
};
static const duo installed = { "已完成安装开通并测试", "installed, activated and tested" };
static const duo accepted[] = {
	{ "验收通过：业务测试正常，客户确认；无遗留问题", "accepted: service tested and confirmed; no open issues" },
	{ "验收通过：客户签字确认，无整改项", "accepted: signed off by the customer, nothing to rectify" },
	{ "验收通过：测试结果符合约定", "accepted: test results as agreed" },
};
static const duo rejected[] = {
	{ "验收未通过：问题仍然存在，需继续整改", "acceptance failed: the problem persists; rectify" },
	{ "验收未通过：测速仍低于套餐速率", "acceptance failed: speed still below the plan" },
	{ "验收未通过：安装位置与约定不符", "acceptance failed: installed in the wrong place" },
};
static const duo rectifying = { "已重新派单整改", "sent back for rectification" };
static const duo progress_notes[] = {
	{ "已派单至装维，预计今日上门", "dispatched to the field team, visit today" },
	{ "已联系客户确认上门时间", "called the customer to fix the visit" },
	{ "后台处理中，已告知客户进度", "in progress in the back office; customer updated" },
};
static const duo waits[] = {
	{ "客户电话未接通，待客户回电确认", "customer not reachable; waiting for a call back" },
	{ "需客户补充身份证明材料", "waiting for the customer's ID documents" },
	{ "客户要求改约上门时间", "customer asked to move the visit" },
};
static const duo resumed = { "客户已回复，继续处理", "customer answered; resumed" };
static const duo cancels[] = {
	{ "客户来电取消申请", "customer cancelled by phone" },
	{ "客户已自行解决，申请取消", "customer solved it; cancelled" },
	{ "客户长时间未回复，按规定取消", "no answer from the customer; cancelled" },
};
/* Why a class changed, by the class it changed to. */
static const duo reclassified[] = {
	{ "", "" },
	{ "影响范围扩大至多户，升级为紧急", "now affects several households; raised to emergency" },
	{ "诊断为线路故障，升级处理", "diagnosed as a line fault; raised" },
	{ "经核实为单户问题，按一般处理", "checked: one customer's matter; handled as general" },
	{ "客户要求预约下周处理", "customer asked for next week" },
};
static const duo problem_found[][3] = {
	{ { "机房设备板卡故障，影响多户业务", "equipment card failure in the exchange, several customers affected" },
	  { "主干光缆损坏，需抢修", "trunk cable damaged; repair crew needed" },
	  { "汇聚交换机异常，需厂家支持", "aggregation switch failing; vendor support needed" } },
	{ { "入户光缆断裂，需重新布线", "drop cable broken; needs rewiring" },
	  { "备件库存不足，需调拨", "spare part out of stock; transfer needed" },
	  { "楼道弱电井无法进入，需物业配合", "cannot open the cable shaft; building management needed" } },
	{ { "工单门牌号有误，已与客户核实", "wrong house number on the order; checked with the customer" },
	  { "上门少带工具，返回取件", "tool left behind; fetched it" },
	  { "客户设备说明书缺失，现场指导", "customer's manual missing; showed them on site" } },
};
static const duo problem_notes[] = {
	{ "已报告班组长", "reported to the supervisor" },
	{ "已安排抢修班组处理", "repair crew assigned" },
	{ "问题已处理完毕", "problem handled" },
	{ "已向客户和班组反馈处理结果", "result fed back to the customer and the team" },
	{ "复盘：原因已查明，已更新作业指引", "post-mortem: cause found; work instructions updated" },
};

static const char *const problem_grades[] = { "", "major", "general", "minor" };

/* ---- the plan of one request ---- */

/* What happens after handling starts, in time order once sorted. */
enum step_kind {
	S_PROGRESS, S_WAIT, S_RESUME, S_DISCOVER, S_REPORT, S_ARRANGE, S_HANDLED, S_PB_FEEDBACK, S_POSTMORTEM,
	S_DELIVER, S_WRONG_ACCEPT, S_REJECT, S_RECTIFY, S_ACCEPT, S_EARLY_CLOSE, S_FEEDBACK, S_CLOSE
};

typedef struct step {
	int64_t at;
	int kind, order;
} step;

typedef struct req {
	cs c;
	customer who;
	const req_tpl *tpl;
	int priority, lang;
	const char *handler;
	int grade; /* of its execution problem, 0 for none */
	step steps[24];
	int nsteps;
} req;

static void add(req *q, int kind, int64_t at)
{
	if (q->nsteps < COUNT(q->steps))
		q->steps[q->nsteps] = (step){ at, kind, q->nsteps }, q->nsteps++;
}

static int by_step(const void *a, const void *b)
{
	const step *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->order - y->order;
}

/* The handling limit of a class from receipt (§2.1.2; non-urgent: the
 * policy's 5 working days). */
static int64_t deadline_of(int priority, int64_t t0)
{
	static const int64_t hours[] = { 0, 2, 4, 8 };
	if (priority == P_NON_URGENT)
		return working_days_end(t0, 5);
	return t0 + hours[priority] * HOUR;
}

/* Minutes a step of preprocessing takes, by class: an emergency is
 * preprocessed and signed in minutes. */
static int64_t pace(rng *r, int priority, double lo, double hi)
{
	static const double factor[] = { 1, 0.2, 0.45, 1, 3 };
	return minutes(r, lo * factor[priority], hi * factor[priority]);
}

/* When the people who work on a request are at work: the contact centre
 * and the network operations centre around the clock, the back office in
 * office hours for non-urgent requests, the field teams that install
 * lines (§4.1) 08:30-20:00 every day. */
enum { H_ALWAYS, H_OFFICE, H_FIELD };

static int64_t at_work(rng *r, int hours, int64_t t)
{
	return hours == H_OFFICE ? office_time(r, t) : hours == H_FIELD ? desk_time(r, t) : t;
}

/* The last moment of field hours at or before @t. */
static int64_t field_before(rng *r, int64_t t)
{
	int64_t day = day_start(day_of(t)), s = t - day;
	if (s >= 8 * HOUR + 30 * MINUTE && s < 20 * HOUR)
		return t;
	if (s < 8 * HOUR + 30 * MINUTE)
		day -= DAY;
	return day + 19 * HOUR + minutes(r, 0, 59);
}

static void emit_step(req *q, const step *s)
{
	cs *c = &q->c;
	rng *r = &c->r;
	int lang = q->lang;
	const char *sup = staff(r, R_SUPERVISOR);
	switch (s->kind) {
	case S_PROGRESS:
		ev_begin(c, "request.progress", s->at, q->handler, "agent");
		ev_end(c, TEXT(PICK(r, progress_notes), lang));
		break;
	case S_WAIT:
		ev_begin(c, "request.wait_customer", s->at, q->handler, "agent");
		ev_end(c, TEXT(PICK(r, waits), lang));
		break;
	case S_RESUME:
		if (rng_chance(r, 0.6))
			ev_begin(c, "request.resume", s->at, q->who.id, "customer");
		else
			ev_begin(c, "request.resume", s->at, q->handler, "agent");
		ev_end(c, TEXT(resumed, lang));
		break;
	case S_DISCOVER:
		if (rng_chance(r, 0.85))
			ev_begin(c, "request.problem_discover", s->at, q->handler, "agent");
		else
			ev_begin(c, "request.problem_discover", s->at, staff(r, R_QUALITY), "quality_monitor");
		ev_str(c, "grade", problem_grades[q->grade]);
		ev_end(c, TEXT(problem_found[q->grade - 1][rng_range(r, 0, 2)], lang));
		break;
	case S_REPORT: /* §3.3: staff report to their supervisor */
		ev_begin(c, "request.problem_report", s->at, q->handler, "agent");
		ev_int(c, "problem", 0);
		ev_end(c, TEXT(problem_notes[0], lang));
		break;
	case S_ARRANGE: /* the policy's execution.report_to arranges */
		ev_begin(c, "request.problem_arrange", s->at, sup, "supervisor");
		ev_int(c, "problem", 0);
		ev_end(c, TEXT(problem_notes[1], lang));
		break;
	case S_HANDLED:
		ev_begin(c, "request.problem_handled", s->at, q->handler, "agent");
		ev_int(c, "problem", 0);
		ev_end(c, TEXT(problem_notes[2], lang));
		break;
	case S_PB_FEEDBACK:
		ev_begin(c, "request.problem_feedback", s->at, q->handler, "agent");
		ev_int(c, "problem", 0);
		ev_end(c, TEXT(problem_notes[3], lang));
		break;
	case S_POSTMORTEM:
		if (rng_chance(r, 0.5))
			ev_begin(c, "request.problem_postmortem", s->at, sup, "supervisor");
		else
			ev_begin(c, "request.problem_postmortem", s->at, staff(r, R_QUALITY), "quality_monitor");
		ev_int(c, "problem", 0);
		ev_end(c, TEXT(problem_notes[4], lang));
		break;
	case S_DELIVER:
		ev_begin(c, "request.deliver", s->at, q->handler, "agent");
		ev_end(c, rng_chance(r, 0.75) ? TEXT(q->tpl->kind == K_INSTALL || q->tpl->kind == K_LEASED
							     ? installed
							     : delivered[q->tpl->content],
						     lang)
					       : NULL);
		break;
	case S_WRONG_ACCEPT: /* §4.2: only the customer signs off */
		ev_begin(c, "request.accept", s->at, q->handler, "agent");
		ev_refusable(c, "refused: request accepted by an agent");
		ev_end(c, TEXT(accepted[0], lang));
		break;
	case S_REJECT:
		if (rng_chance(r, 0.85))
			ev_begin(c, "request.reject", s->at, q->who.id, "customer");
		else
			ev_begin(c, "request.reject", s->at, staff(r, R_QUALITY), "quality_monitor");
		ev_end(c, TEXT(PICK(r, rejected), lang));
		break;
	case S_RECTIFY:
		ev_begin(c, "request.progress", s->at, q->handler, "agent");
		ev_end(c, TEXT(rectifying, lang));
		break;
	case S_ACCEPT:
		ev_begin(c, "request.accept", s->at, q->who.id, "customer");
		ev_end(c, TEXT(PICK(r, accepted), lang));
		break;
	case S_EARLY_CLOSE: /* §1.3: the feedback comes first */
		ev_begin(c, "request.close", s->at, q->handler, "agent");
		ev_refusable(c, "refused: request closed before feedback");
		ev_end(c, NULL);
		break;
	case S_FEEDBACK:
		if (rng_chance(r, 0.75))
			ev_begin(c, "request.feedback", s->at, q->who.id, "customer");
		else /* recorded from the satisfaction call */
			ev_begin(c, "request.feedback", s->at, staff(r, R_AGENT), "agent");
		ev_int(c, "score", satisfaction(r));
		ev_end(c, NULL);
		break;
	case S_CLOSE:
		if (rng_chance(r, 0.9))
			ev_begin(c, "request.close", s->at, q->handler, "agent");
		else
			ev_begin(c, "request.close", s->at, sup, "supervisor");
		ev_end(c, NULL);
		break;
	}
}

static const req_tpl *pick_tpl(rng *r, const outage *o, unsigned *flags)
{
	static const int content_mix[] = { 12, 8, 12, 26, 22, 20 };
	if (o) { /* a call about the outage, on the outage's service where we can */
		*flags = 2;
		for (int tries = 0; tries < 12; tries++) {
			const req_tpl *t = &PICK(r, outages);
			if (strcmp(t->service, outage_service(o)) == 0)
				return t;
		}
		return &outages[0];
	}
	double u = rng_unit(r);
	if (u < 0.003)
		return *flags = 1, &PICK(r, safety);
	if (u < 0.022)
		return *flags = 2, &PICK(r, outages);
	if (u < 0.075)
		return *flags = 4, &PICK(r, degraded);
	*flags = 0;
	int content = rng_weighted(r, content_mix, COUNT(content_mix));
	for (;;) {
		const req_tpl *t = &PICK(r, plain);
		/* a branch sells a few hundred leased lines a quarter, not thousands */
		if (t->content == content && (t->kind != K_LEASED || rng_chance(r, 0.25)))
			return t;
	}
}

void build_request(gen *g, const plan *p, const char *ref, const outage *o)
{
	req q;
	memset(&q, 0, sizeof(q));
	cs *c = &q.c;
	case_open(c, g, p->no, ref, 2);
	rng *r = &c->r;
	const char *channel = request_channels[p->channel];
	make_customer(r, &q.who, p->channel == 3);
	q.lang = q.who.lang;
	unsigned flags = 0;
	q.tpl = pick_tpl(r, o, &flags);
	char content[256], note[512];
	expand(content, sizeof(content), TEXT(q.tpl->text, q.lang), r, q.lang);

	/* most requests are classified by the rules of §2.1.2; some carry
	 * the class the agent chose */
	int given = P_NONE;
	const char *delivery = NULL;
	if (q.tpl->kind == K_LEASED)
		given = P_NON_URGENT, delivery = "leased_line";
	else if (q.tpl->kind == K_INSTALL)
		given = rng_chance(r, 0.85) ? P_NON_URGENT : P_NONE, delivery = "basic";
	else if (q.tpl->kind == K_LATER && rng_chance(r, 0.35))
		given = P_NON_URGENT;
	else if (flags == 0 && rng_chance(r, 0.04))
		given = P_IMPORTANT; /* a business customer */
	else if (flags == 0 && q.tpl->content != C_FAULT && rng_chance(r, 0.03))
		given = P_GENERAL;
	else if (flags == 0 && rng_chance(r, 0.003))
		given = P_EMERGENCY; /* a hospital's line */
	else if (flags == 2 && rng_chance(r, 0.1))
		given = P_EMERGENCY;
	q.priority = given ? given
		     : flags & 3 ? P_EMERGENCY
		     : flags & 4 || q.tpl->content == C_FAULT ? P_IMPORTANT
							      : P_GENERAL;

	/* intake (§2.1) */
	int64_t t0 = p->at, t = t0;
	bool sup_intake = rng_chance(r, 0.04);
	ev_begin(c, "request.create", t0, sup_intake ? staff(r, R_SUPERVISOR) : staff(r, R_AGENT),
		 sup_intake ? "supervisor" : "agent");
	ev_str(c, "channel", channel);
	ev_str(c, "requester", q.who.name);
	ev_str(c, "contact", q.who.contact);
	ev_str(c, "content", content);
	ev_str(c, "content_type", content_names[q.tpl->content]);
	ev_str(c, "service_type", q.tpl->service);
	if (given)
		ev_str(c, "priority", priority_names[given]);
	const char *flag_names[] = { flags & 1 ? "safety" : flags & 2 ? "outage" : "degradation" };
	if (flags)
		ev_list(c, "flags", flag_names, 1);
	if (o && rng_chance(r, 0.15))
		ev_int(c, "affected", o->units);
	else if (flags & 2 && rng_chance(r, 0.2))
		ev_int(c, "affected", rng_range(r, 2, 120));
	if (delivery)
		ev_str(c, "delivery", delivery);
	ev_end(c, NULL);

	/* the refused event this case carries, if any */
	int planted = plant_refused(c, 1.0) ? (int)rng_range(r, 0, 4) : -1;
	int64_t paused = 0;
	q.handler = staff(r, R_AGENT);

	/* a customer who cannot be reached before preprocessing */
	double u = rng_unit(r);
	if (u < 0.028) {
		ev_begin(c, "request.wait_customer", t += minutes(r, 2, 12), q.handler, "agent");
		ev_end(c, TEXT(waits[0], q.lang));
		if (u < 0.003)
			return; /* never answered: open at the quarter's end */
		int64_t back = waking_time(r, t + minutes(r, 60, 1800));
		if (u < 0.007) {
			ev_begin(c, "request.cancel", back, q.handler, "agent");
			ev_end(c, TEXT(cancels[2], q.lang));
			return;
		}
		paused += back - t;
		t = back;
		if (rng_chance(r, 0.6))
			ev_begin(c, "request.resume", t, q.who.id, "customer");
		else
			ev_begin(c, "request.resume", t, q.handler, "agent");
		ev_end(c, TEXT(resumed, q.lang));
	} else if (u < 0.038) {
		bool self = rng_chance(r, 0.5);
		ev_begin(c, "request.cancel", t + minutes(r, 10, 600), self ? q.who.id : q.handler,
			 self ? "customer" : "agent");
		ev_end(c, TEXT(cancels[rng_range(r, 0, 1)], q.lang));
		return;
	}

	/* preprocessing (§2.2) and the report signed by three people (§2.4) */
	const char *pre = staff(r, R_PREPROCESSOR);
	int hours = delivery ? H_FIELD : q.priority == P_NON_URGENT ? H_OFFICE : H_ALWAYS;
	int speed = delivery && q.priority == P_NON_URGENT ? P_GENERAL : q.priority;
	t = at_work(r, hours, t + (rng_chance(r, 0.92) ? pace(r, speed, 3, 18) : pace(r, speed, 18, 45)));
	if (rng_chance(r, 0.85))
		ev_begin(c, "request.preprocess", t, pre, "preprocessor");
	else
		ev_begin(c, "request.preprocess", t, q.handler, "agent");
	ev_end(c, NULL);
	int team = q.tpl->kind == K_LEASED				? 4
		   : strcmp(q.tpl->service, "iptv") == 0		? 5
		   : strcmp(q.tpl->service, "mobile") == 0		? (q.tpl->content == C_SERVICE ? 3 : 6)
		   : q.tpl->content == C_SERVICE || q.tpl->content == C_PACKAGE ? 3
		   : q.tpl->content == C_NETWORK			? 2
									: (int)rng_range(r, 0, 1);
	snprintf(note, sizeof(note), q.lang == EN ? "needs: %s; proposal: %s; assigned to: %s"
						  : "需求分析：%s；处理方案：%s；责任分配：%s",
		 TEXT(analysis[q.tpl->content], q.lang), TEXT(proposal[q.tpl->content], q.lang),
		 TEXT(teams[team], q.lang));
	ev_begin(c, "request.write_report", t += pace(r, speed, 4, 25), pre, "preprocessor");
	ev_end(c, note);

	/* a class changed once the needs are understood (§2.1.2) */
	if (rng_chance(r, 0.015)) {
		int to = q.priority == P_GENERAL     ? (rng_chance(r, 0.6) ? P_IMPORTANT : P_NON_URGENT)
			 : q.priority == P_IMPORTANT ? (rng_chance(r, 0.3) ? P_EMERGENCY : P_GENERAL)
			 : q.priority == P_NON_URGENT ? P_GENERAL
						      : P_IMPORTANT;
		static const int who[] = { R_AGENT, R_SUPERVISOR, R_QUALITY };
		int role = who[rng_range(r, 0, 2)];
		t += minutes(r, 1, 15);
		ev_begin(c, "request.reclassify", t, staff(r, role), role_names[role]);
		ev_str(c, "priority", priority_names[to]);
		ev_end(c, TEXT(reclassified[to], q.lang));
		q.priority = to;
		if (!delivery)
			hours = to == P_NON_URGENT ? H_OFFICE : H_ALWAYS, speed = to;
	}

	const char *signers[3] = { pre, service_owner(q.tpl->service), staff(r, R_QUALITY) };
	int order[3] = { 0, 1, 2 };
	if (rng_chance(r, 0.5))
		order[1] = 2, order[2] = 1;
	for (int i = 0; i < 3; i++) {
		int who = order[i];
		t = at_work(r, hours, t + (i == 0 ? minutes(r, 0.5, 4) : pace(r, speed, 3, 40)));
		if (planted == 3 && i == 2) { /* §2.4: the report counts only once fully signed */
			ev_begin(c, "request.start", t, q.handler, "agent");
			ev_refusable(c, "refused: request started before the report is signed");
			ev_end(c, NULL);
		}
		ev_begin(c, "request.sign_report", t, signers[who],
			 who == 0 ? "preprocessor" : who == 1 ? "service_owner" : "quality_monitor");
		ev_end(c, NULL);
		if (planted == 4 && i == 0) { /* each role signs once */
			ev_begin(c, "request.sign_report", t + minutes(r, 0.2, 2), signers[0], "preprocessor");
			ev_refusable(c, "refused: report signed twice in one role");
			ev_end(c, NULL);
		}
	}
	if (rng_chance(r, 0.006)) { /* the customer changed their mind */
		bool self = rng_chance(r, 0.6);
		ev_begin(c, "request.cancel", t + minutes(r, 5, 240), self ? q.who.id : q.handler,
			 self ? "customer" : "agent");
		ev_end(c, TEXT(cancels[rng_range(r, 0, 1)], q.lang));
		return;
	}
	if (planted == 2) { /* §4.1: delivery follows handling */
		ev_begin(c, "request.deliver", t + minutes(r, 0.2, 2), q.handler, "agent");
		ev_refusable(c, "refused: request delivered while preprocessing");
		ev_end(c, NULL);
	}
	t = at_work(r, hours, t + pace(r, speed, 2, 15));
	ev_begin(c, "request.start", t, q.handler, "agent");
	ev_end(c, NULL);
	int64_t start = c->last;

	/* handling (§3.1): most requests meet their limit, some are late */
	int64_t due = deadline_of(q.priority, t0);
	if (delivery) { /* §4.1 delivery limits */
		int64_t d = t0 + (delivery[0] == 'b' ? 24 : 72) * HOUR;
		due = d < due ? d : due;
	}
	int64_t span = due - t0, target;
	bool late = rng_chance(r, 0.055);
	if (late) {
		target = due + (int64_t)((double)span * (0.03 + 0.5 * rng_unit(r)));
	} else {
		/* skewed early a little; sqrt is exactly rounded everywhere, so
		 * the bytes do not depend on the C library */
		double x = rng_unit(r);
		target = t0 + (int64_t)((double)span * (0.25 + 0.35 * (x + sqrt(x))));
	}
	if (hours == H_OFFICE) {
		int64_t o2 = office_time(r, target);
		target = o2 > due && !late ? due - minutes(r, 30, 240) : o2;
	} else if (hours == H_FIELD) {
		target = late ? desk_time(r, target) : field_before(r, target);
	}
	target += paused;
	int64_t least = start + pace(r, speed, 15, 40);
	if (target < least)
		target = at_work(r, hours, least);

	u = rng_unit(r);
	int64_t at = start;
	if (u < 0.04 && q.tpl->content != C_SERVICE) { /* an execution problem (§3.3), in the field */
		static const int grade_mix[] = { 12, 48, 40 };
		q.grade = 1 + rng_weighted(r, grade_mix, 3);
		int64_t found = start + (int64_t)((double)(target - start) * (0.2 + 0.3 * rng_unit(r)));
		add(&q, S_DISCOVER, found);
		int64_t handled;
		if (q.grade == 3) {
			handled = found + minutes(r, 10, 120);
		} else {
			int64_t rep = found + (rng_chance(r, 0.94) ? minutes(r, 1, 9) : minutes(r, 11, 25));
			int64_t arr = rep + (rng_chance(r, 0.95) ? minutes(r, 5, 100) : minutes(r, 125, 200));
			add(&q, S_REPORT, rep);
			add(&q, S_ARRANGE, arr);
			if (q.grade == 1)
				handled = found + (rng_chance(r, 0.92) ? minutes(r, 20, 110) : minutes(r, 125, 240));
			else
				handled = found + (rng_chance(r, 0.95) ? minutes(r, 60, 1200) : minutes(r, 1450, 2000));
			if (handled < arr + 5 * MINUTE)
				handled = arr + minutes(r, 5, 30);
		}
		add(&q, S_HANDLED, handled);
		if (q.grade != 3) {
			int64_t fb = handled + minutes(r, 10, 600);
			if (fb > found + 48 * HOUR && rng_chance(r, 0.96))
				fb = found + 48 * HOUR - minutes(r, 5, 120);
			if (fb < handled)
				fb = handled + minutes(r, 1, 10);
			add(&q, S_PB_FEEDBACK, fb);
			/* the review is due 3 working days after handling */
			int64_t pm = working_days_end(handled, (int)(rng_chance(r, 0.95) ? rng_range(r, 0, 2)
										       : rng_range(r, 4, 5))) - 10 * HOUR;
			add(&q, S_POSTMORTEM, office_time(r, pm > fb ? pm : fb + HOUR)); /* reviews the closed loop */
			at = fb;
		}
		if (target < handled + 10 * MINUTE)
			target = handled + minutes(r, 10, 60);
	} else if (u < 0.05) { /* waiting for the customer while handling */
		int64_t w = start + minutes(r, 5, 30);
		int64_t back = waking_time(r, w + minutes(r, 120, 2880));
		add(&q, S_WAIT, w);
		add(&q, S_RESUME, back);
		target += back - w;
		if (target < back + 10 * MINUTE)
			target = back + minutes(r, 10, 60);
		start = back;
	}
	double np = rng_unit(r);
	for (int i = 0; i < (np < 0.1 ? 2 : np < 0.45 ? 1 : 0); i++)
		add(&q, S_PROGRESS, start + (int64_t)((double)(target - start) * (0.2 + 0.3 * i + 0.2 * rng_unit(r))));
	add(&q, S_DELIVER, target);

	/* delivery, acceptance by the customer (§4.2), feedback, closure (§1.3) */
	int64_t acc = target;
	if (rng_chance(r, 0.005)) { /* never signed off this quarter */
		goto emit;
	}
	if (planted == 1)
		add(&q, S_WRONG_ACCEPT, target + minutes(r, 1, 5));
	if (rng_chance(r, 0.03)) {
		int64_t rej = waking_time(r, target + minutes(r, 10, 1440));
		int64_t fix = rej + minutes(r, 15, 240);
		add(&q, S_REJECT, rej);
		add(&q, S_RECTIFY, fix);
		add(&q, S_DELIVER, acc = fix + minutes(r, 60, 1200));
	}
	acc = waking_time(r, acc + minutes(r, 5, 360));
	add(&q, S_ACCEPT, acc);
	int64_t fb = acc + (rng_chance(r, 0.6) ? minutes(r, 1, 30) : minutes(r, 60, 1440));
	fb = waking_time(r, fb);
	if (planted == 0)
		add(&q, S_EARLY_CLOSE, acc + (fb - acc) / 2);
	add(&q, S_FEEDBACK, fb);
	int64_t close = (fb > at ? fb : at) + minutes(r, 1, 240);
	add(&q, S_CLOSE, close);
emit:
	qsort(q.steps, (size_t)q.nsteps, sizeof(q.steps[0]), by_step);
	for (int i = 0; i < q.nsteps; i++)
		emit_step(&q, &q.steps[i]);
}
