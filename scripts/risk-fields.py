#!/usr/bin/env python3
"""Sets `severity` and `target` on every risk point of catalog/national/*.yaml, and turns ASCII
double quotes inside Chinese text into “…”.

severity is read from what the hazard is (catalog/README.md, "Risk rating"):
  high   - injury, fire, electric shock, explosion, poisoning or harmful substances, choking;
  medium - performance, durability, conformity of the certified product, management failures;
  low    - labelling, marking and appearance points whose hazard names no harm to people.
A labelling point whose hazard names a harm (missing warnings that lead to misuse) is medium.

target (管控目标): the limits a point's own measures state (LIMITS, checked by hand), else an
observable criterion for the kind of test the point names (RULES: electric strength → no
breakdown, harmful substances → within the limits of the point's standard…), naming the point's
own standard and never a number the catalog does not give. A point no rule fits keeps no
`target`; riskctl then derives one from its stage and standard (src/checklist/target.rs).

Existing `severity`/`target` lines are replaced, so the script can be re-run. Usage:
  python3 scripts/risk-fields.py            # rewrite the files
  python3 scripts/risk-fields.py --report   # print the figures only
"""
import glob
import re
import sys
from collections import Counter

import yaml

HIGH = re.compile(
    "触电|漏电|电击|起火|着火|火灾|燃烧|燃爆|爆炸|爆燃|爆裂|爆管|爆胎|中毒|毒性|有毒|窒息|误吞|吞咽|吞食|"
    "吸入气管|小零件|勒颈|缠绕|伤害|伤人|受伤|砸伤|夹伤|割伤|划伤|刺伤|烫伤|灼伤|冻伤|伤亡|死亡|坠落|"
    "摔倒|跌倒|倾翻|倾倒|翻倒|失控|制动|刹车|一氧化碳|燃气泄漏|泄漏燃气|有害物质|重金属|甲醛|苯|"
    "致癌|致敏|迁移|危害健康|健康|人身|过热|击穿|短路|失火|溺|交通事故|断裂伤|窒|"
    "放射|辐射超标|病菌|微生物|细菌|霉菌毒素|农药残留|药害|烧伤|眼睛|视力|听力|"
    "倒塌|坍塌|脱落砸|坠物|高空|压力容器|承压|燃气|易燃|接地|发热|带电"
)
HARMLESS_LABEL = re.compile("误导|虚标|追溯|无法追溯|标注不全|缺失|错标|混淆")
LOW_ONLY = re.compile("外观|色差|净含量|包装破损|尺寸偏差|标识|标志|标签|铭牌")
STANDARD = re.compile(r"(?:GB|GB/T|QB/T|JB/T|HG/T|YY|SN/T|JG/T|JC/T|NY/T|T/[A-Z]+)\s?[0-9.]+-[0-9]{4}")

# Targets written by hand (2026-11): the limits some points' own measures state, and the general
# management points every checklist carries.
LIMITS = {
    "general-staffing": "质量安全总监、质量安全员100%书面任命，职责和覆盖的产品线明确，人员变动后及时更新任命和本清单",
    "general-training": "年度培训计划按期完成，质量安全总监、质量安全员每年培训考核合格，关键岗位人员先培训后上岗",
    "general-checklist-review": "清单与现行产品、工艺和标准一致，每年至少全面评审一次，评审结论经主要负责人批准",
    "general-daily-control": "每个生产日都有检查记录，不缺日、不补记，发现的问题当日处置或报告质量安全总监",
    "general-weekly-investigation": "每周形成一份排查治理报告，上周问题逐项核实整改情况，隐患有责任人和期限",
    "general-monthly-scheduling": "每月至少召开一次调度会并形成纪要，决定事项有责任人和期限并按期落实",
    "general-records": "日管控、周排查、月调度及检验记录填写完整、签字齐全、可追溯，保存不少于2年或产品有效期",
    "general-marking": "产品和包装标识齐全，与《中华人民共和国产品质量法》第二十七条、产品标准和实物一致，无缺项、无虚标",
    "general-complaints": "投诉和质量信息100%登记，24小时内响应，原因分析和纠正措施闭环",
    "general-recall": "召回和停产报告程序有效，每年至少演练或评审一次，销售去向可追溯到批次",
    "general-supplier": "关键原材料100%来自合格供方名录内的供方，供方每年评价，进货查验记录完整",
    "general-nonconforming": "不合格品100%标识、隔离、评审和处置，不合格品不出厂、不误用",
    "general-equipment": "检验设备和计量器具100%在检定或校准有效期内，状态标识清楚，关键设备点检有记录",
    "textiles-formaldehyde-ph": "甲醛含量A类≤20 mg/kg、B类≤75 mg/kg、C类≤300 mg/kg，pH值符合 GB 18401-2010 对应类别，超限批次不出厂",
    "textiles-infant-class-a": "婴幼儿产品面辅料100%达到 GB 18401-2010 A类（甲醛≤20 mg/kg），非A类料不投产",
    "gas-cooker-household-thermal-efficiency": "热效率嵌入式不低于55%、台式不低于58%，且不低于明示值和能效等级",
    "gas-cooker-household-flame-failure-time": "熄火保护开阀时间≤10 s、闭阀时间≤60 s，抽测不合格即全批复检",
    "gas-cooker-household-tightness": "逐台检测，燃气入口至燃气阀门泄漏量不大于0.07 L/h、自动控制阀门不大于0.55 L/h，不合格品不出厂",
    "gas-cooker-household-co": "干烟气中CO浓度不超过0.05%，超过限值70%即启动原因分析",
    "ebike-mass": "铅酸蓄电池车型整车质量不大于63 kg，塑料件总质量不超过整车质量的5.5%",
}

# (words in the point name, stages or None for any, target). {std}: the point's first standard.
RULES = [
    ("耐压|电气强度|介电强度", None, "逐台进行电气强度试验，无击穿、无闪络，合格率100%，不合格品不出厂"),
    ("接地", ("inspection", "production"), "逐台检测接地连续性，接地电阻不超过{std}规定限值，不合格品不出厂"),
    ("泄漏电流|绝缘电阻", None, "泄漏电流、绝缘电阻符合{std}规定限值，超限品不出厂"),
    ("甲醛|重金属|迁移|有害物质|有毒|有害元素|VOC|苯", ("incoming",), "每批检测值或供方报告不超过{std}规定限量，超限原料不投产"),
    ("甲醛|重金属|迁移|有害物质|有毒|有害元素|VOC|苯", None, "检测值不超过{std}规定限量，超限批次不出厂，检测记录可追溯到批次"),
    ("气密|密封|泄漏", ("inspection", "production"), "按{std}检测无泄漏，不合格品不出厂"),
    ("温升", None, "温升不超过{std}规定限值，设计或关键件变更后重新验证"),
    ("小零件|锐利|锐边|尖端|毛刺", None, "按{std}检查无可触及的小零件、锐利边缘和尖端，不合格品不出厂"),
    ("阻燃|燃烧性能|耐燃|灼热丝", None, "燃烧性能达到{std}规定要求，材料或供方变更后重新验证"),
    ("净含量", None, "净含量负偏差不超过允许短缺量，每批抽检合格方可出厂"),
    ("能效|能源效率", None, "实测能效不低于标注等级，能效标识与备案信息一致"),
    ("骚扰|电磁兼容|谐波", None, "骚扰和谐波指标符合{std}限值，关键元件变更后重新测试"),
    ("制动", None, "制动性能符合{std}，不合格整车（件）不出厂"),
    ("标识|标志|标签|说明书|铭牌|警示", ("labelling",), "标识、说明和警示内容齐全，与{std}要求和实物一致，无缺项、无虚标"),
    ("养分|含量|纯度|有效成分", ("inspection",), "检测结果不低于明示值并符合{std}要求，不合格批次不出厂"),
    ("强度|冲击|跌落|稳定性|耐久|拉力|疲劳", ("design",), "型式试验或设计验证符合{std}后方可投产，变更后重新验证"),
    ("强度|冲击|跌落|稳定性|耐久|拉力|疲劳", ("inspection", "production"), "试验结果符合{std}，不合格批次不出厂"),
    ("尺寸|厚度|壁厚|直径|截面", ("inspection", "production", "incoming"), "实测值在{std}或技术文件规定的公差范围内，超差品隔离处置"),
    ("保护", ("inspection",), "保护功能逐台（批）验证有效，符合{std}，不合格品不出厂"),
]

def severity(p):
    text = f"{p.get('point', '')} {p.get('hazard', '')}"
    harm = bool(HIGH.search(text))
    stage = p.get("stage")
    if stage == "labelling":
        return "medium" if harm else "low"
    if harm:
        return "high"
    if stage == "inspection" or stage in ("design", "production", "incoming"):
        return "medium"
    if LOW_ONLY.search(p.get("point", "")) and HARMLESS_LABEL.search(p.get("hazard", "")):
        return "low"
    return "medium"


def target(p):
    if p["id"] in LIMITS:
        return LIMITS[p["id"]]
    found = STANDARD.search(p.get("basis") or "")
    std = f" {found.group(0)} " if found else "产品标准"
    for words, stages, text in RULES:
        if re.search(words, p.get("point") or "") and (stages is None or p.get("stage") in stages):
            text = text.format(std=std, point=p.get("point"))
            return re.sub(r"^ | $| (?=[，。；、）])", "", text)
    return None


def quote(text):
    """ASCII double-quote pairs inside Chinese text become “…”."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text
    return re.sub(r'"([^"\n]*)"', "“\\1”", text)


def points(doc):
    for fam in doc.get("families") or []:
        yield from fam.get("risk_points") or []
    for pr in doc.get("products") or []:
        yield from pr.get("risk_points") or []
    yield from doc.get("general") or []
    for r in doc.get("rules") or []:
        yield from r.get("add") or []


def rewrite(path, fields):
    """Inserts `severity:`/`target:` after each point's `owner:` line (block style points)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    current = None
    for line in lines:
        stripped = line.strip()
        if re.match(r"^\s*(severity|target): ", line):
            continue
        m = re.match(r"^(\s*)- id: ([a-z0-9-]+)\s*$", line)
        if m and m.group(2) in fields:
            current = (len(m.group(1)) + 2, m.group(2))
        # Only the ASCII quotes of a plain Chinese scalar value (`key: 中文"…"中文`) change.
        kv = re.match(r"^(\s*(?:- )?[a-z_]+: )(.*)$", line)
        if kv and '"' in kv.group(2) and not kv.group(2).startswith(('"', "[", "{")):
            line = kv.group(1) + quote(kv.group(2))
        elif re.match(r"^\s*- ", line) and '"' in line and not re.match(r'^\s*- "', line):
            head = re.match(r"^(\s*- )(.*)$", line)
            line = head.group(1) + quote(head.group(2))
        out.append(line)
        if current and re.match(rf"^\s{{{current[0]}}}owner: ", line):
            sev, tgt = fields[current[1]]
            pad = " " * current[0]
            out.append(f"{pad}severity: {sev}")
            if tgt:
                out.append(f"{pad}target: {tgt}")
            current = None
    open(path, "w", encoding="utf-8").write("\n".join(out))


def main():
    report = "--report" in sys.argv
    files = sorted(glob.glob("catalog/national/**/*.yaml", recursive=True))
    sev_count, tgt_count, total = Counter(), Counter(), 0
    per_file = {}
    for path in files:
        doc = yaml.safe_load(open(path, encoding="utf-8")) or {}
        fields = {}
        for p in points(doc):
            sev, tgt = severity(p), target(p)
            fields[p["id"]] = (sev, tgt)
            sev_count[sev] += 1
            tgt_count["limits" if p["id"] in LIMITS else ("criterion" if tgt else "none")] += 1
            total += 1
        per_file[path] = Counter(s for s, _ in fields.values())
        if not report:
            rewrite(path, fields)
    for path, c in per_file.items():
        print(f"{path}: {dict(c)}")
    print(f"points {total}; severity {dict(sev_count)}; target {dict(tgt_count)} (limits = written by hand)")


if __name__ == "__main__":
    main()
