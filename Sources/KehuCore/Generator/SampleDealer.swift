import Foundation
import GRDB

/// A deterministic pseudo-random source (SplitMix64): the same seed gives the same data.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    /// A Pareto-distributed size ≥ 1 (shape 1.16: the classic 80/20 split).
    mutating func pareto() -> Double { min(1 / pow(max(1 - unit(), 1e-12), 1 / 1.16), 300) }
    mutating func weighted<T>(_ xs: [(T, Double)]) -> T {
        var r = unit() * xs.reduce(0) { $0 + $1.1 }
        for (x, w) in xs { r -= w; if r < 0 { return x } }
        return xs[xs.count - 1].0
    }
}

/// Writes a realistic sample dealer: Chinese names and places, the four kinds of client,
/// Pareto-spread sales with busy seasons (旺季), late payers and clients over their limits,
/// complaints answered fast and slow, birthdays, entertainment that does not follow sales,
/// and clients going dormant. Streams client by client; memory stays flat.
public struct SampleDealer {
    public var clients: Int
    public var years: Int
    public var seed: UInt64
    /// The last day of the data (its "today").
    public var asOf: String
    /// The trade: what is sold, to whom, in which seasons, on what credit.
    public var profile: Profile

    public init(clients: Int, years: Int = 3, seed: UInt64 = 1, asOf: String, profile: Profile = .building) {
        self.clients = clients
        self.years = years
        self.seed = seed
        self.asOf = asOf
        self.profile = profile
    }

    /// The trades a sample dealer can be in.
    public enum Profile: String, CaseIterable, Sendable {
        /// Building materials (tiles, sanitary ware, paint): busy in spring and autumn, paid by
        /// the client's terms.
        case building
        /// Agricultural inputs (seeds, fertiliser, pesticide) to village shops, cooperatives and
        /// farms: orders at planting, paid after the harvest — orders of Feb–Jul by 12-31,
        /// of Aug–Jan by 07-31 (of the next year for Aug–Dec). Farms and cooperatives carry
        /// their cultivated area (`attributes.cultivated_mu`, in 亩).
        case agri
        /// Fast-moving consumer goods (drinks, noodles, snacks) to wholesalers and shops: many
        /// small orders, short terms, peaks before the Spring Festival and in summer.
        case fmcg

        public var summary: String {
            switch self {
            case .building: return "building materials: tiles, sanitary ware, paint; paid by terms"
            case .agri: return "agricultural inputs: seeds, fertiliser, pesticide; seasonal orders, paid after the harvest"
            case .fmcg: return "consumer goods: drinks, noodles, snacks; many small orders, short terms"
            }
        }

        var trades: [String: [String]] {
            switch self {
            case .building: return SampleDealer.trades
            case .agri: return [
                "upstream": ["种业有限公司", "化肥股份公司", "农药制造厂", "生物科技公司"],
                "partner": ["植保服务队", "农技推广站", "物流有限公司", "农机服务社"],
                "channel": ["农资店", "农资经营部", "农资超市", "农资合作社"],
                "terminal": ["家庭农场", "种植专业合作社", "种粮大户", "果蔬基地"],
            ]
            case .fmcg: return [
                "upstream": ["食品有限公司", "饮料集团", "乳业股份公司", "日化有限公司"],
                "partner": ["物流有限公司", "广告传媒", "陈列服务部", "冷链配送中心"],
                "channel": ["副食批发部", "商贸有限公司", "食品经营部", "批发市场商户"],
                "terminal": ["便利店", "超市", "小卖部", "烟酒店"],
            ]
            }
        }

        var brands: [String] {
            switch self {
            case .building: return SampleDealer.brands
            case .agri: return ["中化", "史丹利", "金正大", "先正达", "隆平高科"]
            case .fmcg: return ["康师傅", "统一", "农夫山泉", "旺旺", "伊利"]
            }
        }

        var products: [String] {
            switch self {
            case .building: return ["瓷砖"]
            case .agri: return ["玉米种子", "小麦种子", "复合肥", "尿素", "杀虫剂", "除草剂"]
            case .fmcg: return ["饮料", "方便面", "饼干", "牛奶", "矿泉水"]
            }
        }

        /// Relative demand per month.
        var season: [Double] {
            switch self {
            case .building: return SampleDealer.season
            // Spring planting and top-dressing (Feb–Jun), autumn sowing (Sep–Oct).
            case .agri: return [0.3, 1.2, 1.5, 1.5, 1.3, 1.0, 0.6, 0.3, 1.2, 1.3, 0.4, 0.2]
            // Stocking before the Spring Festival, and summer drinks.
            case .fmcg: return [1.5, 1.2, 0.8, 0.8, 0.9, 1.1, 1.3, 1.3, 1.0, 1.0, 0.9, 1.3]
            }
        }

        /// Orders per year for a client of size 1 (they grow with the square root of size).
        var ordersPerYear: Double {
            switch self {
            case .building: return 3.3
            case .agri: return 2.6
            case .fmcg: return 9
            }
        }

        /// Yuan per order for a client of size 1.
        var orderSize: Double {
            switch self {
            case .building: return 3_000
            case .agri: return 2_500
            case .fmcg: return 700
            }
        }

        var paymentTerms: [Int] {
            switch self {
            case .building: return [0, 15, 30, 30, 45, 60]
            case .agri: return [30, 30, 60]
            case .fmcg: return [0, 7, 15, 15, 30]
            }
        }

        /// The tag of clients that buy for projects.
        var projectTag: String {
            switch self {
            case .building: return "工程"
            case .agri: return "示范户"
            case .fmcg: return "连锁"
            }
        }

        var interactionSummaries: [String: String] {
            switch self {
            case .building: return SampleDealer.summaries
            case .agri: return SampleDealer.summaries.merging([
                "visit": "下村走访，了解苗情和用肥计划", "call": "电话沟通备肥计划", "message": "微信发送病虫害防治资料",
                "training": "田间测土配方施肥培训", "promotion": "春耕农资下乡促销", "complaint": "客户投诉：种子出苗率低",
            ]) { $1 }
            case .fmcg: return SampleDealer.summaries.merging([
                "visit": "巡店检查陈列和库存", "call": "电话沟通补货", "message": "微信发送新品和促销政策",
                "training": "店员产品知识培训", "promotion": "堆头促销活动", "complaint": "客户投诉：临期产品",
            ]) { $1 }
            }
        }
    }

    /// Harvest credit: the day an order of `day` falls due (Feb–Jul: 12-31 of its year;
    /// Aug–Dec: 07-31 of the next year; January: 07-31 of its year).
    public static func harvestDue(_ day: Int) -> Int {
        let d = Day(ordinal: Int32(day))
        let (year, month) = (d.year, d.month)
        let due: Day?
        switch month {
        case 2...7: due = Day(year: year, month: 12, day: 31)
        case 8...12: due = Day(year: year + 1, month: 7, day: 31)
        default: due = Day(year: year, month: 7, day: 31)
        }
        return Int(due?.ordinal ?? d.ordinal)
    }

    static let provinces: [(String, [String])] = [
        ("浙江", ["杭州", "宁波", "温州", "金华"]), ("江苏", ["南京", "苏州", "无锡", "常州"]),
        ("广东", ["广州", "深圳", "佛山", "东莞"]), ("山东", ["济南", "青岛", "烟台", "潍坊"]),
        ("河南", ["郑州", "洛阳", "新乡"]), ("四川", ["成都", "绵阳", "德阳"]),
        ("湖北", ["武汉", "宜昌", "襄阳"]), ("福建", ["福州", "厦门", "泉州"]),
    ]
    static let words = ["华东", "顺达", "恒通", "金盛", "宏远", "新星", "永兴", "鑫源", "天成", "瑞丰", "东方", "汇丰",
                        "利民", "大众", "兴旺", "万家", "安居", "美佳", "长城", "宝丰"]
    static let trades: [String: [String]] = [
        "upstream": ["建材集团", "陶瓷有限公司", "卫浴制造厂", "涂料股份公司"],
        "partner": ["广告传媒", "装饰设计工作室", "物流有限公司", "安装服务部"],
        "channel": ["建材商行", "五金批发部", "装饰材料经营部", "商贸有限公司"],
        "terminal": ["房地产开发公司", "酒店", "装修工程队", "学校后勤处"],
    ]
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"]
    static let given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "建国", "秀英"]
    static let hobbies = ["钓鱼", "打麻将", "喝茶", "高尔夫", "书法", "旅游", "篮球", "摄影"]
    static let brands = ["东鹏", "马可波罗", "九牧", "立邦", "箭牌"]
    /// Relative demand per month: spring and autumn are the busy seasons (旺季).
    static let season: [Double] = [0.5, 0.4, 1.2, 1.4, 1.3, 0.9, 0.7, 0.8, 1.3, 1.5, 1.3, 0.9]

    /// Writes everything in one transaction; returns the counts written.
    @discardableResult
    public func write(to store: KehuDatabase, progress: ((Int) -> Void)? = nil) throws -> (clients: Int, orders: Int) {
        var rng = SeededRandom(seed: seed)
        guard let end = Day.ordinal(asOf) else { throw KehuMetricsError.badDate(asOf) }
        let start = end - 365 * years
        let reps = (0..<max(5, clients / 200)).map { i in Self.surnames[i % Self.surnames.count] + Self.given[(i * 7) % Self.given.count] }
        var orderCount = 0
        try store.writer.write { db in
            let insertClient = try db.cachedStatement(sql: """
                INSERT INTO client (code, name, kind, region, owner, credit_limit, payment_terms_days, stage, status,
                  staff, vehicles, premises_m2, warehouse_m2, capital, ads, tags, since, attributes)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """)
            let trades = profile.trades, brands = profile.brands, products = profile.products, season = profile.season
            let summaries = profile.interactionSummaries
            let insertContact = try db.cachedStatement(sql: """
                INSERT INTO contact (client_id, name, role, phone, wechat, birthday, hobbies, notes, min_contact_days)
                VALUES (?,?,?,?,?,?,?,?,?)
                """)
            let insertOrder = try db.cachedStatement(sql: """
                INSERT INTO "order" (code, client_id, date, amount, brand, product, quantity) VALUES (?,?,?,?,?,?,?)
                """)
            let insertPayment = try db.cachedStatement(sql: "INSERT INTO payment (code, client_id, date, amount) VALUES (?,?,?,?)")
            let insertInteraction = try db.cachedStatement(sql: """
                INSERT INTO interaction (client_id, date, kind, contact_id, cost, summary, answered, resolved)
                VALUES (?,?,?,?,?,?,?,?)
                """)
            for n in 1...max(1, clients) {
                let kind = rng.weighted([("channel", 0.55), ("terminal", 0.3), ("partner", 0.1), ("upstream", 0.05)])
                let (province, cities) = rng.pick(Self.provinces)
                let city = rng.pick(cities)
                let size = rng.pareto()
                let code = String(format: "C%06d", n)
                let name = city + rng.pick(Self.words) + rng.pick(trades[kind]!)
                let terms = rng.pick(profile.paymentTerms)
                let limit = Int64(min(size, 200) * 20_000) * 100
                let since = start + Int(rng.unit() * Double(365 * years) * 0.5) - Int(rng.unit() * 2000)
                let stage = rng.weighted([("awareness", 0.15), ("recognition", 0.3), ("relationship", 0.35),
                                          ("community", 0.12), ("advocacy", 0.08)])
                let latePayer = rng.chance(0.15)
                let goesDormant = rng.chance(0.08)
                let tags = [size > 20 ? "大客户" : nil, latePayer ? "回款慢" : nil, rng.chance(0.2) ? profile.projectTag : nil].compactMap { $0 }
                // A farm's or cooperative's cultivated area (亩) grows with its size.
                let attributes = profile == .agri && kind == "terminal"
                    ? "{\"cultivated_mu\":\(Int(50 + size * 80 + rng.unit() * 50))}" : "{}"
                try insertClient.execute(arguments: [
                    code, name, kind, province + "·" + city, rng.pick(reps), limit, terms, stage, "active",
                    Int(3 + size * 2), Int(size / 5), (60 + size * 20).rounded(), (100 + size * 40).rounded(),
                    Int64(50_000 + size * 100_000) * 100, rng.chance(0.4) ? "店招;户外广告" : "",
                    tags.joined(separator: ";"), Day.string(since), attributes,
                ])
                let clientId = db.lastInsertedRowID
                // People: the owner, then a buyer or finance contact.
                var contactIds: [Int64] = []
                var firstName: String?
                for (i, role) in ["owner", rng.pick(["buyer", "finance", "store_manager"])].enumerated() where i == 0 || rng.chance(0.7) {
                    var person = rng.pick(Self.surnames) + rng.pick(Self.given)
                    if i > 0, let first = firstName, first == person { person += "二" }
                    if i == 0 { firstName = person }
                    let (by, bm, bd) = (1960 + Int(rng.next() % 35), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
                    let birthday = rng.chance(0.5) ? String(format: "%04d-%02d-%02d", by, bm, bd) : String(format: "%02d-%02d", bm, bd)
                    try insertContact.execute(arguments: [
                        clientId, person, role, String(format: "1%02d%08d", 30 + Int(rng.next() % 60), Int(rng.next() % 100_000_000)),
                        "wx_\(code.lowercased())_\(i)", birthday, rng.pick(Self.hobbies), "", [7, 14, 30][Int(rng.next() % 3)],
                    ])
                    contactIds.append(db.lastInsertedRowID)
                }
                // Orders: count and amounts grow with size; busy seasons weigh more; a dormant
                // client stops well before the end.
                let activeEnd = goesDormant ? end - 120 - Int(rng.next() % 200) : end
                let orders = max(1, Int(Double(years) * profile.ordersPerYear * min(size, 30).squareRoot()))
                var owed: [(day: Int, amount: Int64)] = []
                for k in 0..<orders {
                    var day = start + Int(rng.unit() * Double(activeEnd - start))
                    if rng.unit() > season[Day.month(day) - 1] / 1.5 { day = start + Int(rng.unit() * Double(activeEnd - start)) }
                    let amount = Int64((size * profile.orderSize * (0.5 + rng.unit())).rounded()) * 100
                    orderCount += 1
                    let brand = rng.pick(brands)
                    let product = products.count == 1 ? products[0] : rng.pick(products)
                    try insertOrder.execute(arguments: [
                        "\(code)-\(k + 1)", clientId, Day.string(day), amount, brand, product, Int(amount / 10_000),
                    ])
                    owed.append((day, amount))
                }
                // Payments: most pay each order after its terms; late payers pay later and leave some open.
                for (i, o) in owed.enumerated() {
                    let day: Int
                    if profile == .agri {
                        // Paid from the harvest: in the two months before it is due, or late.
                        let due = Self.harvestDue(o.day)
                        day = latePayer ? due + 30 + Int(rng.next() % 150) : due - Int(rng.next() % 60)
                    } else {
                        day = o.day + terms + (latePayer ? 30 + Int(rng.next() % 120) : Int(rng.next() % 20))
                    }
                    guard day <= end, !(latePayer && rng.chance(0.3)) else { continue }
                    try insertPayment.execute(arguments: ["P\(code)-\(i + 1)", clientId, Day.string(day), o.amount])
                }
                // Contact history: visits and calls; entertainment that does not follow sales;
                // complaints answered quickly or slowly.
                for _ in 0..<(2 + Int(rng.next() % 6)) {
                    let day = start + Int(rng.unit() * Double(end - start))
                    let kind = rng.weighted([("visit", 3.0), ("call", 4.0), ("message", 3.0), ("meeting", 0.5), ("training", 0.3),
                                             ("promotion", 0.4), ("gift", 0.5), ("entertainment", 0.8), ("complaint", 0.4)])
                    let cost: Int64 = kind == "entertainment" ? Int64(500 + rng.next() % 5_000) * 100
                        : kind == "gift" ? Int64(100 + rng.next() % 800) * 100 : 0
                    var answered: String?, resolved: String?
                    if kind == "complaint" {
                        let fast = rng.chance(0.6)
                        answered = Day.string(day + (fast ? 0 : 2 + Int(rng.next() % 5))) + String(format: " %02d:%02d", 9 + Int(rng.next() % 9), Int(rng.next() % 60))
                        if rng.chance(0.8) { resolved = Day.string(day + (fast ? 1 : 7 + Int(rng.next() % 20))) + " 17:00" }
                    }
                    try insertInteraction.execute(arguments: [
                        clientId, Day.string(min(day, end)), kind, contactIds.isEmpty ? nil : rng.pick(contactIds), cost,
                        summaries[kind] ?? "", answered, resolved,
                    ])
                }
                if n % 1000 == 0 { progress?(n) }
            }
        }
        return (clients, orderCount)
    }

    static let summaries: [String: String] = [
        "visit": "上门拜访，了解库存和销售情况", "call": "电话沟通订货计划", "message": "微信发送新品资料",
        "meeting": "双方领导季度会谈", "training": "导购产品培训", "promotion": "联合促销活动",
        "gift": "节日礼品", "entertainment": "招待晚餐", "complaint": "客户投诉：到货破损",
    ]
}
