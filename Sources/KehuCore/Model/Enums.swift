import Foundation

/// A closed set of values with an English code (the raw value, stored and handed to Lua) and
/// Chinese labels (what people type and read).
///
/// A field is read from the code, in any ASCII case and with `-` or a space for `_`, or from
/// any of the labels:
///
/// ```swift
/// try ClientKind(parsing: "渠道客户")   // .channel
/// try ClientKind(parsing: "Channel")   // .channel
/// try ContactRole(parsing: "store manager")   // .storeManager
/// ClientKind.channel.label   // "渠道客户"
/// ```
public protocol LabeledEnum: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// What a column of these holds, for error messages: `a client kind`.
    static var noun: String { get }
    /// The Chinese labels read as this value; the first is the one shown.
    var labels: [String] { get }
    /// Every code and label, mapped to its value; conforming types build it once with
    /// `static let spellings = makeSpellings()`.
    static var spellings: [String: Self] { get }
}

extension LabeledEnum {
    /// The Chinese label shown for this value.
    public var label: String { labels[0] }

    /// Reads a value from its code or one of its Chinese labels.
    ///
    /// - Throws: ``FieldError`` listing every accepted spelling, for anything else.
    public init(parsing text: String) throws(FieldError) {
        let field = FieldParsers.normalized(text)
        if let value = Self.spellings[field] {
            self = value
            return
        }
        if field.utf8.allSatisfy({ $0 < 0x80 }),
           let value = Self.spellings[String(field.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })] {
            self = value
            return
        }
        throw FieldError(expected: "\(Self.noun), one of \(Self.acceptedSpellings)", found: FieldParsers.trimmed(text))
    }

    /// Every accepted spelling, grouped by value: `active/正常/活跃, dormant/休眠, …`.
    public static var acceptedSpellings: String {
        allCases.map { ([$0.rawValue] + $0.labels).joined(separator: "/") }.joined(separator: ", ")
    }

    /// The table behind ``spellings``: each value's code and labels.
    public static func makeSpellings() -> [String: Self] {
        var table: [String: Self] = [:]
        for value in allCases {
            for spelling in [value.rawValue] + value.labels {
                precondition(table.updateValue(value, forKey: spelling) == nil, "\(spelling) names two values")
            }
        }
        return table
    }
}

/// Which of the dealer's four directions a client sits in (DOMAIN.md, "Who the user is").
///
/// 客户 alone is not read as any kind: every kind is a 客户.
public enum ClientKind: String, LabeledEnum {
    /// Manufacturers and brand owners that supply the dealer (上游客户).
    case upstream
    /// Agencies, designers, fitters, consultants, logistics (协作客户).
    case partner
    /// Downstream distributors and retailers buying from the dealer (渠道客户).
    case channel
    /// End customers, projects, institutions (终端客户).
    case terminal

    public static let noun = "a client kind"
    public static let spellings = makeSpellings()

    public var labels: [String] {
        switch self {
        case .upstream: ["上游客户", "上游", "供应商"]
        case .partner: ["协作客户", "协作", "合作伙伴"]
        case .channel: ["渠道客户", "渠道", "经销商", "分销商"]
        case .terminal: ["终端客户", "终端"]
        }
    }
}

/// The five stages of a relationship, in the order a client moves through them.
public enum RelationshipStage: String, LabeledEnum {
    case awareness, recognition, relationship, community, advocacy

    public static let noun = "a relationship stage"
    public static let spellings = makeSpellings()

    public var labels: [String] {
        switch self {
        case .awareness: ["认知"]
        case .recognition: ["认同"]
        case .relationship: ["关系"]
        case .community: ["族群"]
        case .advocacy: ["拥护"]
        }
    }
}

/// Whether the dealer still does business with a client.
public enum ClientStatus: String, LabeledEnum {
    case active
    case dormant
    case phasedOut = "phased_out"

    public static let noun = "a client status"
    public static let spellings = makeSpellings()

    public var labels: [String] {
        switch self {
        case .active: ["正常", "活跃"]
        case .dormant: ["休眠"]
        case .phasedOut: ["淘汰", "已淘汰"]
        }
    }
}

/// What kind of contact an interaction with a client was.
public enum InteractionKind: String, LabeledEnum {
    case visit, call, message, meeting, training, promotion, gift, entertainment, complaint

    public static let noun = "an interaction kind"
    public static let spellings = makeSpellings()

    public var labels: [String] {
        switch self {
        case .visit: ["拜访"]
        case .call: ["电话"]
        case .message: ["消息", "微信", "短信"]
        case .meeting: ["会议"]
        case .training: ["培训"]
        case .promotion: ["促销", "联合促销"]
        case .gift: ["礼品", "送礼"]
        case .entertainment: ["招待", "宴请"]
        case .complaint: ["投诉"]
        }
    }
}

/// A contact's role at the client.
public enum ContactRole: String, LabeledEnum {
    case owner, buyer, finance
    case storeManager = "store_manager"
    case staff, other

    public static let noun = "a contact role"
    public static let spellings = makeSpellings()

    public var labels: [String] {
        switch self {
        case .owner: ["老板", "负责人", "法人"]
        case .buyer: ["采购"]
        case .finance: ["财务", "会计"]
        case .storeManager: ["店长"]
        case .staff: ["店员", "员工", "导购"]
        case .other: ["其他"]
        }
    }
}
