import KehuCore
import LuaEngine

/// Client records and their metrics as the plain Lua tables playbooks read (see
/// `docs/playbooks.md`). Built field by field on the Lua stack: a run builds one per client.
enum ClientTables {
    /// The Lua table of one client, with the client metatable (methods, `tostring`).
    static func make(_ lua: LuaState, _ c: ClientRecord, _ m: ClientMetrics?, metatable: LuaRef?) throws -> LuaRef {
        let fields = ImportTable.clients.shape.fields
        return try lua.makeTable(fieldCount: fields.count + 2, metatable: metatable) { t in
            // Every field of the registry, as its unit says Lua sees it.
            for (field, value) in zip(fields, c.fieldValues) {
                try set(&t, field, value)
            }
            try t.set("attributes", value: attributes(c.attributes))
            if let m { try t.table("metrics", fieldCount: 40) { try fill(&$0, m) } }
        }
    }

    /// One stored field as Lua sees it: money in yuan, tags as a list, nothing as nil.
    static func set(_ t: inout LuaTableBuilder, _ field: Field, _ value: FieldValue) throws {
        switch (field.unit, value) {
        case (_, .null): return
        case (.tags, .text(let joined)):
            let tags = joined.split(separator: ";").map(String.init)
            try t.table(field.name, arrayCount: tags.count) { a in for tag in tags { a.append(tag) } }
        case (.money, .integer(let fen)): t.set(field.name, yuan(fen))
        case (_, .integer(let i)): t.set(field.name, i)
        case (_, .real(let d)): t.set(field.name, d)
        case (_, .text(let s)): t.set(field.name, s)
        }
    }

    static func fill(_ t: inout LuaTableBuilder, _ m: ClientMetrics) throws {
        t.set("sales_30", yuan(m.sales30))
        t.set("sales_90", yuan(m.sales90))
        t.set("sales_365", yuan(m.sales365))
        t.set("sales_30_year_ago", yuan(m.sales30YearAgo))
        t.set("sales_90_year_ago", yuan(m.sales90YearAgo))
        t.set("sales_365_year_ago", yuan(m.sales365YearAgo))
        t.set("sales_previous_30", yuan(m.salesPrevious30))
        t.set("growth_yoy", m.growthYearOnYear)
        t.set("growth_mom", m.growthMonthOnMonth)
        t.set("order_count_365", m.orderCount365)
        t.set("order_count", m.orderCountTotal)
        t.set("order_months_365", m.orderMonths365)
        t.set("average_order", m.averageOrder365.map(yuan))
        t.set("first_order", m.firstOrder)
        t.set("last_order", m.lastOrder)
        t.set("days_since_last_order", m.daysSinceLastOrder)
        t.set("receivable", yuan(m.receivable))
        t.set("overdue", yuan(m.overdue))
        try t.table("ageing", fieldCount: 4) { a in
            a.set("d1_30", yuan(m.ageing[0]))
            a.set("d31_60", yuan(m.ageing[1]))
            a.set("d61_90", yuan(m.ageing[2]))
            a.set("d90_plus", yuan(m.ageing[3]))
        }
        t.set("credit_utilisation", m.creditUtilisation)
        t.set("credit_headroom", yuan(m.creditHeadroom))
        t.set("abc", m.abc)
        t.set("abc_year_ago", m.abcYearAgo)
        t.set("dormant", m.dormant)
        try t.table("interactions_90", fieldCount: m.interactions90.count) { k in
            for (kind, n) in m.interactions90 { k.set(kind, n) }
        }
        t.set("days_since_last_contact", m.daysSinceLastContact)
        try t.table("contacts_due", arrayCount: m.contactsDue.count) { a in for n in m.contactsDue { a.append(n) } }
        t.set("entertainment_365", yuan(m.entertainment365))
        t.set("entertainment_share", m.entertainmentShare)
        t.set("open_complaints", m.openComplaints)
        t.set("complaint_answer_hours", m.complaintAnswerHours)
        t.set("complaint_resolve_hours", m.complaintResolveHours)
        t.set("contact_count", m.contactCount)
        try t.table("roles", arrayCount: m.rolesCovered.count) { a in for r in m.rolesCovered { a.append(r) } }
        try t.table("special_days", arrayCount: m.specialDays.count) { a in
            for d in m.specialDays {
                a.appendTable(fieldCount: 3) { s in
                    s.set("contact", d.contact)
                    s.set("month_day", d.monthDay)
                    s.set("in_days", d.inDays)
                }
            }
        }
    }

    /// Fen to yuan, the unit Lua sees.
    static func yuan(_ fen: Int64) -> Double { Double(fen) / 100 }

    /// The free attributes (a JSON object) as a Lua value; `{}` when empty or unreadable.
    static func attributes(_ json: String) -> LuaValue {
        if json == "{}" || json.isEmpty { return .table(LuaTable()) }
        return JSONValue.parse(json).map(JSONValue.lua) ?? .table(LuaTable())
    }
}
