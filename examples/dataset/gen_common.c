/* Random numbers, the branch's calendar, its staff and customers, and
 * the small text helpers every kind of case uses. */
#include "gen.h"

#include <stdio.h>
#include <string.h>

/* ---- random numbers ---- */

uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

rng rng_for(uint64_t seed, uint64_t stream, uint64_t index)
{
	rng r = { seed };
	r.s = rng_next(&r) ^ (stream * UINT64_C(0xd1b54a32d192ed03));
	r.s = rng_next(&r) ^ (index * UINT64_C(0x8cb92ba72f3d8dd7));
	rng_next(&r);
	return r;
}

double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

bool rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

int rng_weighted(rng *r, const int *weights, int n)
{
	int64_t total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	int64_t x = rng_range(r, 0, total - 1);
	for (int i = 0; i < n; i++)
		if ((x -= weights[i]) < 0)
			return i;
	return n - 1;
}

int satisfaction(rng *r)
{
	/* bands whose mix averages about 89.6, the handbook's national figure */
	static const int weights[] = { 66, 23, 8, 3 };
	static const int lo[] = { 92, 80, 60, 10 }, hi[] = { 100, 91, 79, 59 };
	int b = rng_weighted(r, weights, COUNT(weights));
	return (int)rng_range(r, lo[b], hi[b]);
}

/* ---- the calendar ---- */

int day_of(int64_t t)
{
	int64_t d = t - Q_START;
	return (int)(d >= 0 ? d / DAY : -((-d + DAY - 1) / DAY));
}

int hour_of(int64_t t)
{
	return (int)((t - Q_START) % DAY + DAY) % DAY / HOUR;
}

int64_t day_start(int day)
{
	return Q_START + (int64_t)day * DAY;
}

/* The days around the quarter that the default calendar (policy
 * business calendar) changes: National Day off, two makeup days. */
bool working_day(int day)
{
	if (day == 89 || day == 102) /* Sun 2025-09-28, Sat 2025-10-11 */
		return true;
	if (day >= 92 && day <= 99) /* 2025-10-01 .. 2025-10-08 */
		return false;
	int weekday = ((day + 1) % 7 + 7) % 7; /* 2025-07-01 is a Tuesday; 0 is Monday */
	return weekday < 5;
}

int64_t working_days_end(int64_t t, int n)
{
	int d = day_of(t);
	for (int k = 0; k < n;)
		k += working_day(++d);
	return day_start(d + 1);
}

/* @t if it is inside one of @n windows [from, to) (seconds of the local
 * day) of a working day, or of any day with @any_day; else a few minutes
 * into the next one. */
static int64_t next_window(rng *r, int64_t t, const int (*win)[2], int n, bool any_day)
{
	for (int d = day_of(t);; d++) {
		if (!any_day && !working_day(d))
			continue;
		int64_t base = day_start(d);
		for (int i = 0; i < n; i++) {
			int64_t from = base + win[i][0], to = base + win[i][1];
			if (t < to) {
				if (t >= from)
					return t;
				return from + minutes(r, 0, 20);
			}
		}
	}
}

int64_t office_time(rng *r, int64_t t)
{
	static const int win[][2] = { { 9 * HOUR, 12 * HOUR }, { 13 * HOUR + 30 * MINUTE, 18 * HOUR } };
	return next_window(r, t, win, 2, false);
}

int64_t desk_time(rng *r, int64_t t)
{
	static const int win[][2] = { { 8 * HOUR + 30 * MINUTE, 20 * HOUR } };
	return next_window(r, t, win, 1, true);
}

int64_t waking_time(rng *r, int64_t t)
{
	static const int win[][2] = { { 8 * HOUR, 22 * HOUR } };
	return next_window(r, t, win, 1, true);
}

void format_time(char out[32], int64_t t)
{
	/* days to a civil date (H. Hinnant's algorithm) */
	int64_t local = t + ZONE, z = (local >= 0 ? local : local - DAY + 1) / DAY, secs = local - z * DAY;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", (int)y, (int)m, (int)d, (int)(secs / HOUR),
		 (int)(secs / MINUTE % 60), (int)(secs % 60));
}

int64_t minutes(rng *r, double lo, double hi)
{
	return (int64_t)((lo + (hi - lo) * rng_unit(r)) * MINUTE);
}

/* ---- people ---- */

const char *const role_names[R_ROLES] = { "agent",	     "supervisor",	 "preprocessor", "service_owner",
					  "quality_monitor", "security_officer", "management" };

static const struct {
	const char *hanzi, *pinyin;
} surnames[] = {
	{ "王", "wang" },  { "李", "li" },     { "张", "zhang" }, { "刘", "liu" },   { "陈", "chen" },  { "杨", "yang" },
	{ "黄", "huang" }, { "赵", "zhao" },   { "吴", "wu" },	   { "周", "zhou" },  { "徐", "xu" },	 { "孙", "sun" },
	{ "马", "ma" },	   { "朱", "zhu" },    { "胡", "hu" },	   { "郭", "guo" },   { "何", "he" },	 { "林", "lin" },
	{ "高", "gao" },   { "罗", "luo" },    { "郑", "zheng" }, { "梁", "liang" }, { "谢", "xie" },	 { "宋", "song" },
	{ "唐", "tang" },  { "韩", "han" },    { "冯", "feng" },  { "邓", "deng" },  { "曹", "cao" },	 { "彭", "peng" },
	{ "曾", "zeng" },  { "肖", "xiao" },   { "田", "tian" },  { "董", "dong" },  { "潘", "pan" },	 { "袁", "yuan" },
	{ "蔡", "cai" },   { "蒋", "jiang" },  { "余", "yu" },	   { "叶", "ye" },
}, given[] = {
	{ "芳", "fang" },	{ "伟", "wei" },       { "娜", "na" },	      { "敏", "min" },	      { "静", "jing" },
	{ "丽", "li" },		{ "强", "qiang" },     { "磊", "lei" },	      { "军", "jun" },	      { "洋", "yang" },
	{ "勇", "yong" },	{ "艳", "yan" },       { "杰", "jie" },	      { "娟", "juan" },	      { "涛", "tao" },
	{ "明", "ming" },	{ "超", "chao" },      { "秀英", "xiuying" }, { "霞", "xia" },	      { "平", "ping" },
	{ "刚", "gang" },	{ "桂英", "guiying" }, { "建华", "jianhua" }, { "志强", "zhiqiang" }, { "晓燕", "xiaoyan" },
	{ "海燕", "haiyan" },	{ "文博", "wenbo" },   { "子涵", "zihan" },   { "浩然", "haoran" },   { "雨桐", "yutong" },
	{ "思远", "siyuan" },	{ "佳怡", "jiayi" },   { "俊杰", "junjie" },  { "欣怡", "xinyi" },    { "宇轩", "yuxuan" },
	{ "婷", "ting" },	{ "鹏", "peng" },      { "辉", "hui" },	      { "红梅", "hongmei" },  { "国庆", "guoqing" },
};

static const char *const first_names[] = { "David", "Sarah", "Michael", "Emma", "James",  "Laura",  "Thomas",
					    "Anna",  "Daniel", "Sophie", "Mark", "Julia", "Peter", "Lucy",
					    "Kevin", "Maria", "Ahmed",	 "Yuki", "Carlos", "Olga" };
static const char *const last_names[] = { "Miller", "Smith", "Brown", "Schmidt", "Garcia", "Johnson", "Lee",
					  "Martin", "Nguyen", "Tanaka", "Kim",	   "Rossi",  "Dubois",	"Novak",
					  "Silva",  "Khan",   "Petrov", "Wilson",  "Taylor", "Evans" };

static const char *const mail_domains[] = { "example.com", "example.net", "example.org", "example.cn" };

/* The branch's teams: a 24-hour contact centre and its back office. */
static const int team_size[R_ROLES] = { 48, 6, 8, 5, 4, 3, 3 };

static char roster[R_ROLES][48][24];

static const char *const services[] = { "broadband", "mobile", "fixed_voice", "iptv", "leased_line" };

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static bool taken(const char *id)
{
	for (int role = 0; role < R_ROLES; role++)
		for (int i = 0; i < team_size[role]; i++)
			if (strcmp(roster[role][i], id) == 0)
				return true;
	return false;
}

void people_init(uint64_t seed)
{
	rng r = rng_for(seed, 7, 0);
	memset(roster, 0, sizeof(roster));
	for (int role = 0; role < R_ROLES; role++)
		for (int i = 0; i < team_size[role]; i++) {
			char id[24];
			const char *sur = PICK(&r, surnames).pinyin;
			snprintf(id, sizeof(id), "%c.%s", (char)('a' + rng_range(&r, 0, 25)), sur);
			for (int n = 2; taken(id); n++)
				snprintf(id, sizeof(id), "%c.%s%d", (char)('a' + rng_range(&r, 0, 25)), sur, n);
			snprintf(roster[role][i], sizeof(roster[role][i]), "%s", id);
		}
}

const char *staff(rng *r, int role)
{
	return roster[role][rng_range(r, 0, team_size[role] - 1)];
}

const char *staff_at(int role, int i)
{
	return roster[role][(i % team_size[role] + team_size[role]) % team_size[role]];
}

int staff_count(int role)
{
	return team_size[role];
}

const char *service_owner(const char *service)
{
	for (int i = 0; i < COUNT(services); i++)
		if (strcmp(services[i], service) == 0)
			return roster[R_SERVICE_OWNER][i];
	return roster[R_SERVICE_OWNER][0]; /* the broadband owner covers the rest */
}

void make_customer(rng *r, customer *c, bool email)
{
	int s = (int)rng_range(r, 0, COUNT(surnames) - 1), g = (int)rng_range(r, 0, COUNT(given) - 1);
	char plain[40];
	c->lang = rng_chance(r, 0.82) ? ZH : EN;
	if (c->lang == ZH || rng_chance(r, 0.5)) {
		if (c->lang == ZH)
			snprintf(c->name, sizeof(c->name), "%s%s", surnames[s].hanzi, given[g].hanzi);
		else
			snprintf(c->name, sizeof(c->name), "%c%s %c%s", surnames[s].pinyin[0] - 32, surnames[s].pinyin + 1,
				 given[g].pinyin[0] - 32, given[g].pinyin + 1);
		snprintf(plain, sizeof(plain), "%s.%s", surnames[s].pinyin, given[g].pinyin);
	} else {
		const char *first = PICK(r, first_names), *last = PICK(r, last_names);
		snprintf(c->name, sizeof(c->name), "%s %s", first, last);
		snprintf(plain, sizeof(plain), "%s.%s", first, last);
		lower_ascii(plain);
	}
	static const char second[] = "35789";
	int phone[11] = { 1, second[rng_range(r, 0, 4)] - '0' };
	for (int i = 2; i < 11; i++)
		phone[i] = (int)rng_range(r, 0, 9);
	snprintf(c->id, sizeof(c->id), "%s.%d%d%d%d", plain, phone[7], phone[8], phone[9], phone[10]);
	if (email) {
		char user[40];
		snprintf(user, sizeof(user), "%s", plain);
		for (char *p = user; *p; p++)
			if (*p == '.')
				*p = rng_chance(r, 0.5) ? '.' : '_';
		int n = (int)rng_range(r, 1, 99);
		snprintf(c->contact, sizeof(c->contact), "%s%d@%s", user, n, PICK(r, mail_domains));
	} else {
		snprintf(c->contact, sizeof(c->contact), "%d%d%d %d%d%d%d %d%d%d%d", phone[0], phone[1], phone[2], phone[3],
			 phone[4], phone[5], phone[6], phone[7], phone[8], phone[9], phone[10]);
	}
}

/* ---- text ---- */

static const duo addresses[] = {
	{ "幸福小区3栋", "Xingfu Estate Bldg 3" },	   { "滨江花园12号楼", "Binjiang Garden Bldg 12" },
	{ "锦绣苑5单元", "Jinxiu Court Unit 5" },	   { "翠湖天地", "Cuihu Residences" },
	{ "东风路88号", "88 Dongfeng Road" },		   { "高新区创业大厦", "Startup Tower, Hi-Tech Zone" },
	{ "人民路商业街", "Renmin Road shopping street" }, { "光明新村7栋", "Guangming New Village Bldg 7" },
	{ "金桥公寓", "Jinqiao Apartments" },		   { "学府路18号", "18 Xuefu Road" },
	{ "世纪城二期", "Century City phase 2" },	   { "江南名苑", "Jiangnan Mingyuan" },
	{ "科技园B座", "Science Park Block B" },	   { "南湖新城", "Nanhu New Town" },
};

static const duo packages[] = {
	{ "千兆宽带套餐", "1000M broadband plan" },	 { "5G畅享199元套餐", "5G 199 yuan plan" },
	{ "宽带+IPTV融合套餐", "broadband + IPTV bundle" }, { "家庭共享流量包", "family data share pack" },
	{ "129元5G套餐", "5G 129 yuan plan" },		 { "500M宽带套餐", "500M broadband plan" },
	{ "国际漫游包", "international roaming pack" },	 { "企业云宽带", "business cloud broadband" },
};

void expand(char *out, size_t cap, const char *tpl, rng *r, int lang)
{
	size_t n = 0;
	for (const char *p = tpl; *p && n + 1 < cap; p++) {
		const char *fill = NULL;
		char num[4];
		if (p[0] == '$' && p[1]) {
			switch (p[1]) {
			case 'A':
				fill = TEXT(PICK(r, addresses), lang);
				break;
			case 'P':
				fill = TEXT(PICK(r, packages), lang);
				break;
			case 'N':
				snprintf(num, sizeof(num), "%d", (int)rng_range(r, 2, 9));
				fill = num;
				break;
			default:
				break;
			}
		}
		if (!fill) {
			out[n++] = *p;
			continue;
		}
		p++;
		size_t len = strlen(fill);
		if (n + len >= cap)
			break;
		memcpy(out + n, fill, len);
		n += len;
	}
	out[n] = '\0';
}
