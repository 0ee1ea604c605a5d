//! Where each profile field sits in the workbook, and how a cell spells its value. The sheets are
//! driven by these tables: a key/value sheet is a [`Section`] (one row per [`Field`], keyed by the
//! field's path), a table sheet is a [`Table`] (one row per object, one column per field, the
//! columns found by their headers). Adding a field is adding a line here.
use calamine::Data;
use chrono::NaiveDate;
use serde_json::Value;

use crate::error::did_you_mean;
use crate::vocab::{Channel, Frequency, Owner, Role, Stage};

/// A closed set of words: (key in YAML, label in the workbook).
pub type Choices = fn() -> Vec<(&'static str, &'static str)>;

/// How a field's value is written in a cell and read back.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    /// A catalog product (id or name), with a drop-down of the catalog's names.
    Product,
    Integer,
    Number,
    /// YYYY-MM-DD, or a spreadsheet date.
    Date,
    /// Several words: one a line, or separated by 、，；,;
    List,
    /// One of a closed set, shown by its Chinese label (the key is accepted too).
    Choice(Choices),
    /// Several of a closed set.
    ChoiceList(Choices),
    /// Any structure, as YAML flow text (a custom point's condition).
    Yaml,
}

/// One profile field: its path (absolute on a key/value sheet, relative to the row's object in a
/// table), the label the workbook shows, and how to fill it in.
#[derive(Clone, Copy)]
pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// Needed once anything of its object is given (a row, or `licence.*` for `licence.number`).
    pub required: bool,
    /// Column width in a table (characters).
    pub width: f64,
    pub help: &'static str,
}

const fn field(path: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        path,
        label,
        kind,
        required: false,
        width: 14.0,
        help: "",
    }
}

impl Field {
    const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    const fn width(mut self, width: f64) -> Field {
        self.width = width;
        self
    }
    const fn help(mut self, help: &'static str) -> Field {
        self.help = help;
        self
    }
}

/// A key/value sheet: one row per field.
pub struct Section {
    pub sheet: &'static str,
    pub fields: &'static [Field],
}

/// A table sheet. With several kinds of row, the first column (headed `kind_header`) names each
/// row's kind.
pub struct Table {
    pub sheet: &'static str,
    pub kind_header: Option<&'static str>,
    pub kinds: &'static [RowKind],
}

/// One kind of row: where its objects go (`path`, an array when `many`) and its fields.
pub struct RowKind {
    pub label: &'static str,
    pub path: &'static str,
    pub many: bool,
    pub fields: &'static [Field],
}

impl Table {
    /// The columns after the kind column: every kind's field labels, in first-seen order.
    pub fn columns(&self) -> Vec<&'static Field> {
        let mut out: Vec<&Field> = Vec::new();
        for f in self.kinds.iter().flat_map(|k| k.fields) {
            if !out.iter().any(|o| o.label == f.label) {
                out.push(f);
            }
        }
        out
    }
}

fn roles() -> Vec<(&'static str, &'static str)> {
    [Role::Producer, Role::Seller, Role::Both]
        .iter()
        .map(|r| {
            let key = match r {
                Role::Producer => "producer",
                Role::Seller => "seller",
                Role::Both => "both",
            };
            (key, r.label())
        })
        .collect()
}

macro_rules! choices {
    ($name:ident, $enum:ty) => {
        fn $name() -> Vec<(&'static str, &'static str)> {
            <$enum>::ALL.iter().map(|v| (v.key(), v.label())).collect()
        }
    };
}
choices!(channels, Channel);
choices!(frequencies, Frequency);
choices!(owners, Owner);
choices!(stages, Stage);

/// The key/value sheets. A new optional profile section goes here as a new `Section` (its own
/// sheet) or as more fields of an existing one.
pub const SECTIONS: &[Section] = &[Section {
    sheet: "企业信息",
    fields: &[
        field("company.name", "企业名称", Kind::Text)
            .required()
            .help("与营业执照一致"),
        field("company.credit_code", "统一社会信用代码", Kind::Text)
            .required()
            .help("18 位，含末位校验码（GB 32100-2015），照营业执照抄写"),
        field("company.address", "生产地址", Kind::Text).required(),
        field("company.role", "单位类型", Kind::Choice(roles))
            .required()
            .help("生产单位（总局第75号令）、销售单位（第76号令）或两者"),
        field("company.staff", "从业人员（人）", Kind::Integer).help("与营业收入一起决定企业规模"),
        field("company.revenue_wan", "营业收入（万元）", Kind::Number),
        field("company.phone", "联系电话", Kind::Text),
    ],
}];

const PERSON: &[Field] = &[
    field("name", "姓名", Kind::Text).required().width(10.0),
    field("title", "职务", Kind::Text).width(14.0),
    field("phone", "电话", Kind::Text).width(14.0),
    field("lines", "负责产品线", Kind::List)
        .width(24.0)
        .help("产品线编号，多个用顿号分隔；空白表示全部"),
];

/// 人员: the principal, the director and the officers.
pub const PEOPLE: Table = Table {
    sheet: "人员",
    kind_header: Some("角色"),
    kinds: &[
        RowKind {
            label: "主要负责人",
            path: "people.principal",
            many: false,
            fields: PERSON,
        },
        RowKind {
            label: "质量安全总监",
            path: "people.director",
            many: false,
            fields: PERSON,
        },
        RowKind {
            label: "质量安全员",
            path: "people.officers",
            many: true,
            fields: PERSON,
        },
    ],
};

/// 产品线: one row per product line.
pub const LINES: Table = Table {
    sheet: "产品线",
    kind_header: None,
    kinds: &[RowKind {
        label: "产品线",
        path: "product_lines",
        many: true,
        fields: &[
            field("id", "产品线编号", Kind::Text)
                .required()
                .width(12.0)
                .help("英文字母、数字和连字符，如 kettle"),
            field("name", "产品名称", Kind::Text)
                .required()
                .width(24.0)
                .help("企业自己的叫法，可含规格型号"),
            field("catalog_product", "目录产品", Kind::Product)
                .width(18.0)
                .help("从下拉框选目录产品名称；空白则按产品名称自动匹配"),
            field("models", "型号规格", Kind::List).width(16.0),
            field("standards", "执行标准", Kind::List).width(18.0),
            field("processes", "生产工序", Kind::List).width(18.0),
            field("outsourced", "外包工序", Kind::List).width(12.0),
            field("materials", "主要原辅材料", Kind::List).width(18.0),
            field("channels", "销售渠道", Kind::ChoiceList(channels)).width(12.0),
            field("licence.number", "生产许可证编号", Kind::Text)
                .required()
                .width(16.0),
            field("licence.expires", "许可证有效期至", Kind::Date)
                .required()
                .width(12.0),
            field("ccc.number", "CCC证书编号", Kind::Text)
                .required()
                .width(18.0),
            field("ccc.expires", "CCC有效期至", Kind::Date)
                .required()
                .width(12.0),
        ],
    }],
};

/// 裁剪: points excluded, changed, or added by the company.
pub const TAILORING: Table = Table {
    sheet: "裁剪",
    kind_header: Some("类型"),
    kinds: &[
        RowKind {
            label: "排除",
            path: "tailoring.exclude",
            many: true,
            fields: &[
                field("point", "风险点编号", Kind::Text)
                    .required()
                    .width(22.0),
                field("line", "产品线", Kind::Text).width(10.0),
                field("reason", "排除理由", Kind::Text)
                    .required()
                    .width(24.0),
            ],
        },
        RowKind {
            label: "调整",
            path: "tailoring.override",
            many: true,
            fields: &[
                field("point", "风险点编号", Kind::Text).required(),
                field("line", "产品线", Kind::Text),
                field("frequency", "管控频次", Kind::Choice(frequencies)).width(10.0),
                field("owner", "责任岗位", Kind::Choice(owners)).width(10.0),
            ],
        },
        RowKind {
            label: "新增",
            path: "tailoring.add",
            many: true,
            fields: &[
                field("risk_point.id", "风险点编号", Kind::Text).required(),
                field("line", "产品线", Kind::Text),
                field(
                    "risk_point.frequency",
                    "管控频次",
                    Kind::Choice(frequencies),
                ),
                field("risk_point.owner", "责任岗位", Kind::Choice(owners)),
                field("risk_point.stage", "风险环节", Kind::Choice(stages)).width(10.0),
                field("risk_point.point", "风险点", Kind::Text).width(18.0),
                field("risk_point.hazard", "风险描述", Kind::Text).width(24.0),
                field("risk_point.measures", "管控措施", Kind::List).width(30.0),
                field("risk_point.check", "检查方法", Kind::Text).width(18.0),
                field("risk_point.basis", "依据", Kind::Text).width(16.0),
                field("risk_point.control", "合并控制项", Kind::Text).width(12.0),
                field("risk_point.when", "适用条件", Kind::Yaml).width(16.0),
            ],
        },
    ],
};

/// The table sheets, in workbook order.
pub const TABLES: &[&Table] = &[&PEOPLE, &LINES, &TAILORING];

/// A value as a cell shows it.
#[derive(Debug, PartialEq)]
pub enum Cell {
    Blank,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

const SEPARATORS: [char; 6] = ['、', '，', '；', ',', ';', '\n'];

/// The cell for `value` (null or missing: blank).
pub fn to_cell(kind: Kind, value: Option<&Value>) -> Cell {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Cell::Blank;
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let label = |choices: Choices, v: &Value| {
        let key = text(v);
        choices()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, l)| l.to_string())
    };
    let items = |v: &Value| v.as_array().cloned().unwrap_or_default();
    match kind {
        Kind::Integer | Kind::Number => {
            value.as_f64().map_or(Cell::Text(text(value)), Cell::Number)
        }
        Kind::Date => text(value)
            .parse()
            .map_or_else(|_| Cell::Text(text(value)), Cell::Date),
        Kind::List => {
            let words: Vec<String> = items(value).iter().map(text).collect();
            let mut joined = words.join("\n");
            // One word that contains a separator: a trailing line break keeps it whole.
            if words.len() == 1 && joined.contains(SEPARATORS) {
                joined.push('\n');
            }
            Cell::Text(joined)
        }
        Kind::Choice(choices) => Cell::Text(label(choices, value)),
        Kind::ChoiceList(choices) => Cell::Text(
            items(value)
                .iter()
                .map(|v| label(choices, v))
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Kind::Yaml => Cell::Text(value.to_string()),
        Kind::Text | Kind::Product => Cell::Text(text(value)),
    }
}

/// Why a cell cannot be read: the message and, where we can guess it, a fix.
pub type Problem = (String, Option<String>);

/// The date of a spreadsheet serial number (the 1900 date system).
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

/// The text of a cell, trimmed (a whole number without `.0`; a date as YYYY-MM-DD).
pub fn cell_text(data: &Data) -> Result<String, Problem> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64())
            .map_or(d.as_f64().to_string(), |d| d.format("%Y-%m-%d").to_string()),
        Data::Error(e) => {
            return Err((
                format!("the cell shows the error {e}"),
                Some("type the value itself instead of a formula".into()),
            ));
        }
    })
}

fn split(text: &str) -> Vec<String> {
    let parts: Vec<&str> = if text.contains('\n') {
        text.split('\n').collect()
    } else {
        text.split(&SEPARATORS[..]).collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn choose(choices: Choices, word: &str) -> Result<Value, Problem> {
    let all = choices();
    let found = all
        .iter()
        .find(|(k, l)| *l == word || k.eq_ignore_ascii_case(word));
    match found {
        Some((key, _)) => Ok(Value::String(key.to_string())),
        None => {
            let labels: Vec<&str> = all.iter().map(|(_, l)| *l).collect();
            let hint = match did_you_mean(word, labels.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("choose from the drop-down: {}", labels.join("、")),
            };
            Err((format!("`{word}` is not one of the choices"), Some(hint)))
        }
    }
}

fn parse_date(data: &Data, text: &str) -> Result<Value, Problem> {
    let serial = match data {
        Data::Float(f) => Some(*f),
        Data::Int(n) => Some(*n as f64),
        Data::DateTime(d) => Some(d.as_f64()),
        _ => None,
    };
    let date = match serial {
        Some(s) => serial_date(s),
        None => ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(text, f).ok()),
    };
    match date.filter(|d| crate::checklist::check_year(*d).is_ok()) {
        Some(d) => Ok(Value::String(d.format("%Y-%m-%d").to_string())),
        None => Err((
            format!("`{text}` is not a date"),
            Some("write the date as YYYY-MM-DD, e.g. 2027-06-30".into()),
        )),
    }
}

/// The value of a cell for a field of `kind`: None when blank.
pub fn from_cell(kind: Kind, data: &Data) -> Result<Option<Value>, Problem> {
    let text = cell_text(data)?;
    if text.is_empty() {
        return Ok(None);
    }
    // A list splits on line breaks alone once the cell has one (a trailing one included).
    let raw = match data {
        Data::String(s) => s.as_str(),
        _ => text.as_str(),
    };
    let value = match kind {
        Kind::Text | Kind::Product => Value::String(text),
        Kind::Integer => match text.parse::<u32>() {
            Ok(n) => Value::from(n),
            Err(_) => {
                return Err((
                    format!("`{text}` is not a whole number"),
                    Some("write digits only, e.g. 120".into()),
                ));
            }
        },
        Kind::Number => match text.replace(',', "").parse::<f64>() {
            Ok(n) if n.is_finite() => Value::from(n),
            _ => {
                return Err((
                    format!("`{text}` is not a number"),
                    Some("write digits only, e.g. 3500".into()),
                ));
            }
        },
        Kind::Date => parse_date(data, &text)?,
        Kind::List => Value::from(split(raw)),
        Kind::Choice(choices) => choose(choices, &text)?,
        Kind::ChoiceList(choices) => Value::Array(
            split(raw)
                .iter()
                .map(|w| choose(choices, w))
                .collect::<Result<_, _>>()?,
        ),
        Kind::Yaml => serde_yaml_ng::from_str::<Value>(&text)
            .map_err(|e| (format!("cannot read `{text}`: {e}"), None))?,
    };
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_accept_everyday_separators() {
        for words in [vec!["a", "b"], vec!["1,2-丙二醇"], vec![]] {
            let value = Value::from(words.clone());
            let Cell::Text(text) = to_cell(Kind::List, Some(&value)) else {
                panic!("text")
            };
            let back = from_cell(Kind::List, &Data::String(text)).unwrap();
            assert_eq!(back.unwrap_or(Value::from(Vec::<String>::new())), value);
        }
        let typed = from_cell(Kind::List, &Data::String("冲压、注塑; 装配".into()));
        assert_eq!(
            typed.unwrap(),
            Some(Value::from(vec!["冲压", "注塑", "装配"]))
        );
    }

    #[test]
    fn choices_by_label_or_key_and_dates_in_several_spellings() {
        let c = Kind::Choice(owners);
        assert_eq!(
            from_cell(c, &Data::String("质量安全总监".into())).unwrap(),
            Some(Value::from("director"))
        );
        assert_eq!(
            from_cell(c, &Data::String("director".into())).unwrap(),
            Some(Value::from("director"))
        );
        let bad = from_cell(c, &Data::String("质量安全总管".into())).unwrap_err();
        assert!(bad.1.unwrap().contains("质量安全总监"));
        for text in ["2027-06-30", "2027/6/30", "2027年6月30日"] {
            assert_eq!(
                from_cell(Kind::Date, &Data::String(text.into())).unwrap(),
                Some(Value::from("2027-06-30"))
            );
        }
        assert_eq!(
            from_cell(Kind::Date, &Data::Float(46568.0)).unwrap(),
            Some(Value::from("2027-06-30"))
        );
        assert!(from_cell(Kind::Date, &Data::String("2027-13-01".into())).is_err());
        assert_eq!(
            from_cell(Kind::Text, &Data::Float(2021010701000001.0)).unwrap(),
            Some(Value::from("2021010701000001"))
        );
    }
}
