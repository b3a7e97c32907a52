import Foundation
import GRDB

/// What a field holds. The unit decides how a cell is read from a file (and what is refused),
/// how the value is stored, how it is written back on export, and how it is shown.
public enum FieldUnit: Sendable {
    /// Free text, stored as written (an empty cell is empty text).
    case text
    /// Money: yuan in files, in Lua and on screen, fen in the store; below 10¹² yuan.
    case money(negative: Bool = false, zero: Bool = true)
    /// A whole number from 0 to 999,999,999 (people, vehicles, days).
    case count
    /// An area or a quantity: a finite decimal below 10¹².
    case measure(negative: Bool = false)
    /// A calendar day, `YYYY-MM-DD`.
    case day
    /// A birthday: `MM-DD` or `YYYY-MM-DD`.
    case birthday
    /// A moment, `YYYY-MM-DD HH:MM`.
    case moment
    /// A list of tags, written joined by `;`.
    case tags
    /// One of a closed set of values with Chinese labels (stored as the English code).
    case choice(Choices)
    /// A client, by its code in files, by its id in the store.
    case client
    /// One of the row's client's contacts, by name in files, by id in the store.
    case contact
    /// Free attributes: a JSON object. An import merges a file's object into the stored one
    /// (RFC 7396: keys given are set, a key given as null is removed, the rest stay), so
    /// that a file never loses what it does not mention (a client's notes).
    case attributes

    /// Whether the store holds this as fen.
    public var isMoney: Bool { if case .money = self { return true } else { return false } }
}

/// The values of a ``FieldUnit/choice(_:)``: their codes and labels, and the parser.
public struct Choices: Sendable {
    /// What a cell of these holds, for messages: `a client kind`.
    public let noun: String
    /// Each value's code with the Chinese label shown for it, in declaration order.
    public let values: [(code: String, label: String)]
    let parse: @Sendable (String) throws(FieldError) -> String

    public static func of<E: LabeledEnum>(_: E.Type) -> Choices {
        Choices(noun: E.noun, values: E.allCases.map { ($0.rawValue, $0.label) }) { (text) throws(FieldError) in
            try E(parsing: text).rawValue
        }
    }
}

/// One field of a table: its name in files and in Lua, its column in the store, what it holds,
/// the header spellings Chinese software exports for it, and what it means.
public struct Field: Sendable {
    /// The canonical column name: the CSV header `kehu export` writes and the Lua field name.
    public let name: String
    /// The column in the store.
    public let column: String
    public let unit: FieldUnit
    /// A file must have this column, and every row a value in it.
    public let required: Bool
    /// Header spellings, besides `name`, that mean this field.
    public let aliases: [String]
    /// What a value is, for messages: `a credit limit`.
    public let what: String
    /// What the store holds when the cell is empty (nil: nothing; text and tags: empty text).
    let empty: (any Sendable)?
    /// Whether an empty cell stores a value (so the field is never nil).
    public var hasEmptyValue: Bool { empty != nil }
    /// One line saying what the field means.
    public let doc: String
    /// The unit's two forms that views convert (read once, not by matching the unit per value).
    public let isMoney: Bool, isTags: Bool, isAttributes: Bool

    init(_ name: String, column: String? = nil, _ unit: FieldUnit, required: Bool = false, aliases: [String] = [],
         what: String? = nil, empty: (any Sendable)? = nil, doc: String) {
        self.name = name
        self.column = column ?? name
        self.unit = unit
        self.required = required
        self.aliases = aliases
        self.what = what ?? "a value for \(name)"
        switch unit {
        case .text, .tags: self.empty = empty ?? ""
        case .attributes: self.empty = empty ?? "{}"
        default: self.empty = empty
        }
        self.doc = doc
        isMoney = unit.isMoney
        if case .tags = unit { isTags = true } else { isTags = false }
        if case .attributes = unit { isAttributes = true } else { isAttributes = false }
    }

    /// The message for a required field left empty.
    var missing: String {
        switch unit {
        case .choice(let c): return "expected \(c.noun), found nothing"
        case .day: return "expected a date like 2026-11-23, found nothing"
        case .money: return "expected an amount like 1,234.50, found nothing"
        default: return "expected a value for \(name), found nothing"
        }
    }
}

/// A table as files, the store and Lua see it: its fields in canonical (export) order, and
/// the fields that identify a row for updates.
public struct TableShape: Sendable {
    public let table: ImportTable
    /// The table in the store (quoted where SQL needs it).
    let sqlTable: String
    public let fields: [Field]
    /// The fields (canonical names) that identify a row, so that a file's row updates the
    /// stored one; empty for a table whose rows are only added (interactions).
    public let key: [String]
    /// The order `kehu export` writes rows in (SQL over the aliases the export query uses).
    let exportOrder: String

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

extension ImportTable {
    /// This table's fields: the one place they are declared.
    public var shape: TableShape {
        switch self {
        case .clients: return Self.clientShape
        case .contacts: return Self.contactShape
        case .orders: return Self.orderShape
        case .payments: return Self.paymentShape
        case .interactions: return Self.interactionShape
        }
    }

    /// The client's code, as every table but clients names it.
    static let clientField = Field("client", column: "client_id", .client, required: true, aliases: ["客户编号", "客户代码", "客户", "客户号"],
                                   doc: "the client's code")

    static let clientShape = TableShape(table: .clients, sqlTable: "client", fields: [
        Field("code", .text, required: true, aliases: ["客户编号", "编号", "客户代码", "代码", "客户号"], doc: "the client's code, unique"),
        Field("name", .text, required: true, aliases: ["客户名称", "名称", "客户名", "公司名称", "单位名称"], doc: "the client's name"),
        Field("kind", .choice(.of(ClientKind.self)), required: true, aliases: ["类型", "客户类型", "类别"],
              doc: "which direction the relationship runs"),
        Field("region", .text, aliases: ["区域", "地区", "所在区域"], doc: "the region, as the dealer writes it (浙江·杭州)"),
        Field("owner", .text, aliases: ["业务员", "销售员", "负责业务员"], doc: "the sales rep who looks after the client"),
        Field("credit_limit", .money(), aliases: ["信用额度", "授信额度"], what: "a credit limit", empty: Int64(0),
              doc: "how much the client may owe, in yuan (0: no credit)"),
        Field("payment_terms_days", .count, aliases: ["账期", "账期天数", "账期(天)", "付款期限"], what: "payment terms in days", empty: 0,
              doc: "days after an order that its amount falls due"),
        Field("stage", .choice(.of(RelationshipStage.self)), aliases: ["阶段", "关系阶段"], empty: RelationshipStage.awareness.rawValue,
              doc: "the relationship stage"),
        Field("status", .choice(.of(ClientStatus.self)), aliases: ["状态", "客户状态"], empty: ClientStatus.active.rawValue,
              doc: "whether the dealer still serves the client"),
        Field("staff", .count, aliases: ["员工数", "员工人数", "人数"], what: "a number of staff", doc: "people the client employs"),
        Field("vehicles", .count, aliases: ["车辆", "车辆数"], what: "a number of vehicles", doc: "delivery vehicles the client runs"),
        Field("premises_m2", .measure(), aliases: ["营业面积", "门店面积", "经营面积"], what: "an area", doc: "shop floor, in m²"),
        Field("warehouse_m2", .measure(), aliases: ["仓库面积"], what: "an area", doc: "warehouse, in m²"),
        Field("capital", .money(), aliases: ["资金", "注册资金", "注册资本", "资本"], what: "capital", doc: "registered or working capital, in yuan"),
        Field("ads", .text, aliases: ["广告", "广告投放"], doc: "the client's own advertising"),
        Field("tags", .tags, aliases: ["标签"], doc: "the dealer's tags (joined by ; in files)"),
        Field("since", .day, aliases: ["建档日期", "建档时间", "开户日期"], doc: "the date the client went on file"),
        Field("attributes", .attributes, aliases: ["属性", "扩展属性"], what: "attributes",
              doc: "free attributes (notes and whatever scripts add); in files a JSON object, merged into the stored one"),
    ], key: ["code"], exportOrder: "t.code")

    static let contactShape = TableShape(table: .contacts, sqlTable: "contact", fields: [
        clientField,
        Field("name", .text, required: true, aliases: ["姓名", "联系人", "联系人姓名"], doc: "the contact's name, unique per client"),
        Field("role", .choice(.of(ContactRole.self)), aliases: ["职务", "角色", "职位"], empty: ContactRole.other.rawValue,
              doc: "the contact's role at the client"),
        Field("phone", .text, aliases: ["电话", "手机", "手机号", "联系电话"], doc: "phone number"),
        Field("wechat", .text, aliases: ["微信", "微信号"], doc: "WeChat ID"),
        Field("birthday", .birthday, aliases: ["生日", "出生日期"], doc: "MM-DD or YYYY-MM-DD"),
        Field("hobbies", .text, aliases: ["爱好", "兴趣爱好"], doc: "what the contact likes"),
        Field("notes", .text, aliases: ["备注", "性格家庭", "说明"], doc: "character, family, anything worth remembering"),
        Field("min_contact_days", .count, aliases: ["联系间隔", "联系间隔(天)"], what: "a number of days",
              doc: "keep in touch at least this often, in days"),
    ], key: ["client", "name"], exportOrder: "c.code, t.id")

    static let orderShape = TableShape(table: .orders, sqlTable: "\"order\"", fields: [
        Field("code", .text, required: true, aliases: ["订单号", "订单编号", "单号"], doc: "the order's number, unique"),
        clientField,
        Field("date", .day, required: true, aliases: ["日期", "订单日期", "下单日期"], doc: "the day of the order"),
        Field("amount", .money(), required: true, aliases: ["金额", "订单金额"], what: "an amount", doc: "the order's amount, in yuan"),
        Field("brand", .text, aliases: ["品牌"], doc: "the brand"),
        Field("product", .text, aliases: ["产品", "商品", "产品名称"], doc: "the product"),
        Field("quantity", .measure(negative: true), aliases: ["数量"], what: "a quantity", doc: "how many (negative for returns)"),
    ], key: ["code"], exportOrder: "t.code")

    static let paymentShape = TableShape(table: .payments, sqlTable: "payment", fields: [
        Field("code", .text, required: true, aliases: ["回款单号", "单号", "回款编号"], doc: "the payment's number, unique"),
        clientField,
        Field("date", .day, required: true, aliases: ["日期", "回款日期"], doc: "the day the money came in (not after the as-of date)"),
        Field("amount", .money(zero: false), required: true, aliases: ["金额", "回款金额"], what: "an amount", doc: "the amount received, in yuan"),
    ], key: ["code"], exportOrder: "t.code")

    static let interactionShape = TableShape(table: .interactions, sqlTable: "interaction", fields: [
        clientField,
        Field("date", .day, required: true, aliases: ["日期", "接触日期"], doc: "the day of the contact"),
        Field("kind", .choice(.of(InteractionKind.self)), required: true, aliases: ["类型", "方式", "接触方式"],
              doc: "how the client was met"),
        Field("contact", column: "contact_id", .contact, aliases: ["联系人", "姓名"], doc: "the contact met, by name (one of the client's)"),
        Field("cost", .money(), aliases: ["费用", "花费"], what: "a cost", empty: Int64(0), doc: "what it cost, in yuan"),
        Field("summary", .text, aliases: ["摘要", "内容", "备注"], doc: "what happened"),
        Field("answered", .moment, aliases: ["响应时间", "答复时间"], doc: "when a complaint was answered"),
        Field("resolved", .moment, aliases: ["解决时间", "处理完成时间"], doc: "when a complaint was resolved"),
    ], key: [], exportOrder: "c.code, t.date, t.id")
}

/// A field's value as the store holds it (money in fen, a client by its id).
public enum FieldValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)
    case real(Double)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null, .blob: self = .null
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        }
    }

    /// A registry default (``Field/empty``) as stored.
    init(_ value: (any Sendable)?) {
        switch value {
        case let s as String: self = .text(s)
        case let i as Int64: self = .integer(i)
        case let i as Int: self = .integer(Int64(i))
        case let d as Double: self = .real(d)
        default: self = .null
        }
    }
}
