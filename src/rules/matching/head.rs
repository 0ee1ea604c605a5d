//! What the named thing is. Chinese puts the head noun last: in "手机壳" the phone only says which
//! case, and in "电饭煲内胆" the rice cooker only says whose inner pot. A product found in front of
//! a noun for an accessory, a part, packaging or a consumable is therefore not what is named, and a
//! medical product is not its everyday namesake. The word lists are general product knowledge,
//! not tuning for any one catalog entry; a catalog product whose own name contains such a noun
//! ("电热毛巾架", "压力锅密封圈") covers it and is unaffected.

/// Nouns naming an accessory, part, packaging or consumable of the thing named before them.
const ACCESSORY_NOUNS: &[&str] = &[
    "保护壳",
    "保护套",
    "保护膜",
    "钢化膜",
    "外壳",
    "后壳",
    "支架",
    "配件",
    "零件",
    "备件",
    "附件",
    "耗材",
    "包装",
    "包装盒",
    "包装袋",
    "包装箱",
    "外包装",
    "纸箱",
    "收纳盒",
    "收纳袋",
    "收纳包",
    "防尘罩",
    "防尘套",
    "遥控器",
    "数据线",
    "充电线",
    "连接线",
    "说明书",
    "贴纸",
    "挂钩",
    "底座",
    "滤芯",
    "滤网",
    "刷头",
    "刀头",
    "刀片",
    "刀网",
    "内胆",
    "内锅",
    "表带",
    "硅胶套",
    "墨盒",
    "硒鼓",
    "色带",
    "碳粉",
    "墨粉",
    "墨水",
    "气罐",
    "钢瓶",
    "电路板",
    "主板",
    "线路板",
    "控制板",
    "模具",
    "脚轮",
    "按键",
    "螺丝",
    "镜框",
    "镜腿",
    "鞋带",
    "轮胎",
    "内胎",
    "外胎",
    "车筐",
    "车座",
    "挡泥板",
    "后视镜",
    "替换头",
    "替换装",
    "镜片",
    "镁棒",
    "挂件",
    "挂饰",
    "保护板",
    "充电仓",
    "天线",
];

/// Single characters that, right after a product's name, make it an accessory ("手机壳", "冰箱贴").
const ACCESSORY_SUFFIXES: &[char] = &[
    '壳', '套', '膜', '罩', '盖', '座', '架', '垫', '贴', '袋', '盒', '刷', '链', '扣', '头', '绳',
    '圈', '线', '包', '锁', '夹', '托', '钩', '罐', '瓶', '杆', '钉', '枪', '钳', '刀', '筒',
];

/// Last characters of nouns for components ("压缩机", "转盘", "滤芯", "限压阀"), as opposed to
/// attribute words ("恒温", "天然气", "嵌入式").
const PART_FINALS: &[char] = &[
    '器', '机', '盘', '管', '棒', '网', '片', '头', '罩', '板', '线', '圈', '阀', '箱', '轮', '盒',
    '架', '芯', '刀', '仓', '锅', '叶', '带', '杯', '壳', '座', '盖', '桶', '泵', '块', '丝', '条',
    '胆', '柄', '嘴', '环', '扣', '杆',
];

/// Whether `word` names a component, judged by its last character.
pub(super) fn is_part_noun(word: &str) -> bool {
    word.chars()
        .last()
        .is_some_and(|c| PART_FINALS.contains(&c))
}

/// Last characters of material names: a material before a form names a product made of it.
const MATERIAL_FINALS: &[char] = &[
    '纸', '板', '布', '钢', '铝', '铁', '铜', '木', '竹', '瓷', '胶', '塑', '皮', '棉', '革', '料',
];

/// Container and sheet forms, which a material takes to become a product ("纸板盒", "塑料罐").
const FORM_SUFFIXES: &[char] = &[
    '盒', '袋', '罐', '瓶', '桶', '膜', '垫', '套', '包', '罩', '盖', '托',
];

/// Single characters after a name that only give the form it takes ("聚乳酸叉", "尿素粒"); any
/// other single character makes something else of it ("口罩机", "电视柜", "灯带", "尿素霜").
const FORMS: &[char] = &[
    '叉', '勺', '筷', '碗', '杯', '碟', '盘', '盆', '壶', '锅', '片', '条', '块', '粒', '粉', '液',
    '剂', '球', '丝', '纸', '砖', '管', '棒', '卷', '绳', '网',
];

/// Tails that keep the name the head: the product in a set or series ("套装"), one classifier
/// character ("具", "型"), or a two-character colour, size or variant word ("黑色", "新款", "大号").
const NEUTRAL_TAIL_STARTS: &[&str] = &["套装", "套件", "系列", "组合"];
const NEUTRAL_SINGLE: &[char] = &['具', '型', '类', '款', '式', '等', '品', '版', '组'];
const NEUTRAL_PAIR_ENDS: &[char] = &['色', '款', '号', '版', '型', '装'];

/// Words before or right after a product's name that make an imitation of it ("玩具手机",
/// "电动车模型").
const IMITATION_PREFIXES: &[&str] = &["玩具", "模型", "仿真", "道具"];

/// Words saying the item is made to fit another product ("适用iPhone15", "适配戴森吸尘器").
const FIT_FOR_MARKERS: &[&str] = &["适用于", "适用", "适配", "兼容", "配套"];

/// Words marking a medical or a pet product: not the everyday product of the same name
/// ("医用口罩", "宠物玩具").
const NAMESAKE_MARKERS: &[&str] = &[
    "医用", "医疗", "手术", "外科", "诊断", "治疗", "病房", "宠物", "犬用", "猫用",
];

/// Where a name found in the input stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Role {
    /// It ends its run of Chinese text (or only a set, colour or variant word follows): it names
    /// the thing.
    Head,
    /// Another noun follows: it qualifies that noun.
    Modifier,
    /// An accessory, part, packaging or consumable noun follows (the noun is given).
    Accessory(String),
    /// It stands behind a toy/model/imitation word or a "made to fit" word (the word is given).
    Imitation(String),
}

/// The role of a name at chars `[start, end)` of `chars`, judged from the rest of its run of
/// Chinese characters and the words before it.
pub(super) fn role(chars: &[char], start: usize, end: usize) -> Role {
    let end = end.min(chars.len());
    let tail: Vec<char> = chars[end..]
        .iter()
        .copied()
        .take_while(|c| super::text::is_cjk(*c))
        .collect();
    let before: String = chars[..start.min(end)].iter().collect();
    if let Some(word) = IMITATION_PREFIXES
        .iter()
        .find(|w| before.trim_end().ends_with(*w))
    {
        return Role::Imitation((*word).to_string());
    }
    if let Some(word) = FIT_FOR_MARKERS.iter().find(|w| before.contains(*w)) {
        return Role::Imitation((*word).to_string());
    }
    let tail_text: String = tail.iter().collect();
    if let Some(word) = IMITATION_PREFIXES
        .iter()
        .find(|w| tail_text.starts_with(*w))
    {
        return Role::Imitation((*word).to_string());
    }
    if tail.is_empty() || NEUTRAL_TAIL_STARTS.iter().any(|w| tail_text.starts_with(w)) {
        return Role::Head;
    }
    if let Some(noun) = ACCESSORY_NOUNS.iter().find(|n| tail_text.contains(*n)) {
        return Role::Accessory((*noun).to_string());
    }
    let rest: String = tail[1..].iter().collect();
    if ACCESSORY_SUFFIXES.contains(&tail[0]) && (rest.is_empty() || is_neutral(&rest)) {
        // A material followed by a container or sheet form is a product made of it ("纸板盒").
        let material = end > start
            && MATERIAL_FINALS.contains(&chars[end - 1])
            && FORM_SUFFIXES.contains(&tail[0]);
        return if material {
            Role::Head
        } else {
            Role::Accessory(tail[0].to_string())
        };
    }
    match tail.as_slice() {
        [c] if FORMS.contains(c) => Role::Head,
        _ if is_neutral(&tail_text) => Role::Head,
        _ => Role::Modifier,
    }
}

/// Attribute words shops put after a product's name ("电饭煲家用", "电风扇静音落地").
const DESCRIPTORS: &[&str] = &[
    "家用",
    "商用",
    "多功能",
    "智能",
    "便携式",
    "便携",
    "迷你",
    "小型",
    "大容量",
    "全自动",
    "半自动",
    "不锈钢",
    "加厚",
    "正品",
    "新款",
    "官方",
    "旗舰",
    "静音",
    "无线",
    "充电式",
    "可充电",
    "落地",
    "台式",
    "壁挂",
    "立式",
    "大号",
    "小号",
    "包邮",
    "节能",
    "变频",
    "大功率",
    "恒温",
    "双人",
    "单人",
    "双控",
    "男士",
    "女士",
    "男款",
    "女款",
    "男式",
    "女式",
    "成人",
];

/// Whether a tail only classifies or varies the name before it: attribute words ("家用",
/// "静音"), then at most a classifier ("型") or a colour, size or variant word ("黑色", "新款").
fn is_neutral(tail: &str) -> bool {
    let mut rest = tail;
    while let Some(word) = DESCRIPTORS.iter().find(|w| rest.starts_with(*w)) {
        rest = &rest[word.len()..];
    }
    let chars: Vec<char> = rest.chars().collect();
    match chars.as_slice() {
        [] => true,
        [c] => NEUTRAL_SINGLE.contains(c),
        [_, c] => NEUTRAL_PAIR_ENDS.contains(c),
        _ => false,
    }
}

/// The medical or pet marker in a normalised input, unless it only grades a material
/// ("医用级硅胶").
pub(super) fn namesake_marker(text: &str) -> Option<&'static str> {
    NAMESAKE_MARKERS.iter().copied().find(|m| {
        text.match_indices(m)
            .any(|(at, _)| !text[at + m.len()..].starts_with('级'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(text: &str, name: &str) -> Role {
        let chars: Vec<char> = text.chars().collect();
        let at = text.find(name).expect("name in text");
        let start = text[..at].chars().count();
        role(&chars, start, start + name.chars().count())
    }

    #[test]
    fn the_last_noun_names_the_thing() {
        assert_eq!(
            role_of("手机壳 IPHONE15", "手机"),
            Role::Accessory("壳".into())
        );
        assert_eq!(
            role_of("电饭煲内胆", "电饭煲"),
            Role::Accessory("内胆".into())
        );
        assert_eq!(
            role_of("手机防摔保护壳", "手机"),
            Role::Accessory("保护壳".into())
        );
        assert_eq!(role_of("冰箱贴 卡通", "冰箱"), Role::Accessory("贴".into()));
        assert_eq!(role_of("电动自行车 48V", "电动自行车"), Role::Head);
        assert_eq!(role_of("保温杯黑色", "保温杯"), Role::Head);
        assert_eq!(role_of("电动自行车新款", "电动自行车"), Role::Head);
        assert_eq!(role_of("电饭煲家用多功能", "电饭煲"), Role::Head);
        assert_eq!(
            role_of("电饭煲家用内胆", "电饭煲"),
            Role::Accessory("内胆".into())
        );
        assert_eq!(role_of("手机套装", "手机"), Role::Head);
        assert_eq!(
            role_of("电动自行车专用锂电池", "电动自行车"),
            Role::Modifier
        );
        assert_eq!(role_of("皮鞋油黑色", "皮鞋"), Role::Modifier);
        assert_eq!(role_of("液化气罐", "液化气"), Role::Accessory("罐".into()));
        assert_eq!(role_of("特定食品包装用纸板盒", "纸板"), Role::Head);
        assert_eq!(role_of("聚乳酸叉", "聚乳酸"), Role::Head);
        assert_eq!(role_of("口罩机", "口罩"), Role::Modifier);
        assert_eq!(role_of("玻璃胶枪", "玻璃胶"), Role::Accessory("枪".into()));
        assert_eq!(role_of("玩具手机", "手机"), Role::Imitation("玩具".into()));
        assert_eq!(
            role_of("电动车模型", "电动车"),
            Role::Imitation("模型".into())
        );
        assert_eq!(
            role_of("适用美的电饭煲", "电饭煲"),
            Role::Imitation("适用".into())
        );
    }

    #[test]
    fn medical_and_pet_products_are_marked_but_material_grades_are_not() {
        assert_eq!(namesake_marker("医用外科口罩"), Some("医用"));
        assert_eq!(namesake_marker("外科手术刀片 11号"), Some("手术"));
        assert_eq!(namesake_marker("医用级硅胶奶嘴"), None);
        assert_eq!(namesake_marker("一次性口罩"), None);
        assert_eq!(namesake_marker("宠物玩具 狗咬胶"), Some("宠物"));
    }
}
