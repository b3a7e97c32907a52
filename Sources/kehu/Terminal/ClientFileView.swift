import Foundation
import KehuCore

/// The terminal view of a client's file.
struct ClientFileView {
    let file: ClientFile
    let asOf: String

    func render() -> String {
        let c = file.summary.client, m = file.summary.metrics
        func pct(_ x: Double?) -> String { x.map { String(format: "%+.0f%%", $0 * 100) } ?? "—" }
        func prob(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        var out = ["\(c.code)  \(c.name)",
                   "类型 \(c.kind) · 区域 \(c.region) · 业务员 \(c.owner) · 阶段 \(c.stage) · 状态 \(c.status) · 建档 \(c.since ?? "—")"]
        if !c.tags.isEmpty { out.append("标签 " + c.tags.replacingOccurrences(of: ";", with: "、")) }
        out.append("")
        out.append("As of \(asOf)")
        var numbers = TextTable(headers: ["", "30d", "90d", "365d"])
        numbers.rightAligned = [1, 2, 3]
        numbers.rows = [
            ["销售 sales", Money.yuan(m.sales30), Money.yuan(m.sales90), Money.yuan(m.sales365)],
            ["去年同期 a year earlier", Money.yuan(m.sales30YearAgo), Money.yuan(m.sales90YearAgo), Money.yuan(m.sales365YearAgo)],
        ]
        out.append(numbers.render())
        out.append("同比 YoY \(pct(m.growthYearOnYear)) · 环比 MoM \(pct(m.growthMonthOnMonth)) · ABC \(m.abc) (a year earlier \(m.abcYearAgo))"
                   + (m.dormant ? " · 休眠 dormant" : ""))
        out.append("订单 \(m.orderCount365) in 365d, average \(m.averageOrder365.map(Money.yuan) ?? "—"), last \(m.lastOrder ?? "—")"
                   + (m.daysSinceLastOrder.map { " (\($0) days ago)" } ?? ""))
        if m.pAlive != nil || m.pQuiet != nil {
            out.append("模型 model: still buying (p_alive) \(prob(m.pAlive)) · expected orders next 90d "
                       + (m.expectedOrders90.map { String(format: "%.2f", $0) } ?? "—")
                       + ", 365d " + (m.expectedOrders365.map { String(format: "%.2f", $0) } ?? "—")
                       + " · quiet in the horizon (p_quiet) \(prob(m.pQuiet))")
        }
        out.append("应收 receivable \(Money.yuan(m.receivable)) · 信用额度 limit \(Money.yuan(m.creditLimit))"
                   + (m.creditUtilisation.map { String(format: " · used %.0f%%", $0 * 100) } ?? "") + " · 账期 \(c.paymentTermsDays) days")
        out.append("逾期 overdue \(Money.yuan(m.overdue)): 1–30 \(Money.yuan(m.ageing[0])) · 31–60 \(Money.yuan(m.ageing[1])) · "
                   + "61–90 \(Money.yuan(m.ageing[2])) · >90 \(Money.yuan(m.ageing[3]))")
        out.append("接触 last contact " + (m.daysSinceLastContact.map { "\($0) days ago" } ?? "never")
                   + (m.contactsDue.isEmpty ? "" : " · due: " + m.contactsDue.joined(separator: "、"))
                   + " · 招待 entertainment \(Money.yuan(m.entertainment365))"
                   + (m.entertainmentShare.map { String(format: " (%.1f%% of sales)", $0 * 100) } ?? ""))
        if m.openComplaints > 0 || m.complaintAnswerHours != nil {
            out.append("投诉 complaints open \(m.openComplaints)"
                       + (m.complaintAnswerHours.map { String(format: " · answered in %.0f h", $0) } ?? "")
                       + (m.complaintResolveHours.map { String(format: " · resolved in %.0f h", $0) } ?? ""))
        }
        if !m.specialDays.isEmpty { out.append("生日 coming up: " + m.specialDays.map(\.description).joined(separator: "、")) }
        out.append("")
        var people = TextTable(headers: ["联系人 contact", "职务 role", "电话 phone", "生日 birthday", "爱好 hobbies", "间隔 every"])
        people.rows = file.contacts.map { [$0.name, $0.role, $0.phone, $0.birthday ?? "", $0.hobbies, $0.minContactDays.map { "\($0)d" } ?? ""] }
        out.append(people.render())
        for (title, entries) in [("订单 orders", file.recentOrders), ("回款 payments", file.recentPayments),
                                 ("接触 interactions", file.recentInteractions)] where !entries.isEmpty {
            out.append("")
            var t = TextTable(headers: ["日期 date", title, "金额 amount", ""])
            t.rightAligned = [2]
            t.rows = entries.map { [$0.date, $0.kind, $0.amount == 0 ? "" : Money.yuan($0.amount), $0.detail] }
            out.append(t.render())
        }
        return out.joined(separator: "\n")
    }
}

/// JSON for `--json`: stable key order, amounts in yuan as numbers.
enum JSONOutput {
    static func print(_ value: Any) throws {
        guard let v = JSONText.value(value) else {
            // What JSONText cannot write, Foundation refuses with its own reason.
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        var bytes = JSONText.bytes(v)
        bytes.append(0x0A)
        write(bytes)
    }

    /// A long list printed element by element as it is made (the same bytes as `print` of
    /// the whole list): a hundred thousand clients never sit in memory as one document.
    static func printList<S: Sequence>(_ items: S, _ element: (S.Element) throws -> Any) throws {
        var stream = JSONText.ArrayStream(sink: write)
        for item in items {
            let value = try element(item)
            guard let v = JSONText.value(value) else {
                // Foundation's reason when it has one; else what JSONText could not write.
                _ = try JSONSerialization.data(withJSONObject: value, options: [])
                throw KehuError.invalid("--json: a list element of type \(type(of: value)) cannot be written as JSON")
            }
            stream.element(v)
        }
        stream.close()
    }

    static func write(_ bytes: [UInt8]) {
        Swift.print(String(decoding: bytes, as: UTF8.self), terminator: "")
    }

    static func yuan(_ fen: Int64) -> Double { Double(fen) / 100 }

    /// Stored JSON text as a value inside the printed document.
    static func raw(_ json: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) ?? json
    }

    static func summary(_ s: ClientSummary) -> [String: Any] {
        let c = s.client, m = s.metrics
        return [
            "code": c.code, "name": c.name, "kind": c.kind, "region": c.region, "owner": c.owner, "stage": c.stage,
            "status": c.status, "tags": c.tags.split(separator: ";").map(String.init),
            "credit_limit": yuan(c.creditLimit), "payment_terms_days": c.paymentTermsDays,
            "sales_30d": yuan(m.sales30), "sales_90d": yuan(m.sales90), "sales_365d": yuan(m.sales365),
            "sales_365d_year_ago": yuan(m.sales365YearAgo), "growth_yoy": m.growthYearOnYear ?? NSNull(),
            "growth_mom": m.growthMonthOnMonth ?? NSNull(), "orders_365d": m.orderCount365,
            "days_since_last_order": m.daysSinceLastOrder ?? NSNull(), "receivable": yuan(m.receivable),
            "overdue": yuan(m.overdue), "ageing": m.ageing.map(yuan), "credit_utilisation": m.creditUtilisation ?? NSNull(),
            "abc": m.abc, "abc_year_ago": m.abcYearAgo, "dormant": m.dormant,
            "interactions_90d": m.interactions90, "days_since_last_contact": m.daysSinceLastContact ?? NSNull(),
            "contacts_due": m.contactsDue, "entertainment_365d": yuan(m.entertainment365),
            "entertainment_share": m.entertainmentShare ?? NSNull(), "open_complaints": m.openComplaints,
            "complaint_answer_hours": m.complaintAnswerHours ?? NSNull(),
            "complaint_resolve_hours": m.complaintResolveHours ?? NSNull(),
            "contact_count": m.contactCount, "roles_covered": m.rolesCovered, "special_days": m.specialDays.map(\.description), "order_months_365d": m.orderMonths365,
            "p_alive": m.pAlive ?? NSNull(), "expected_orders_90d": m.expectedOrders90 ?? NSNull(),
            "expected_orders_365d": m.expectedOrders365 ?? NSNull(), "p_quiet": m.pQuiet ?? NSNull(),
        ]
    }

    static func file(_ f: ClientFile) -> [String: Any] {
        func entries(_ es: [ClientFile.Entry]) -> [[String: Any]] {
            es.map { ["date": $0.date, "kind": $0.kind, "amount": yuan($0.amount), "detail": $0.detail] }
        }
        var out = summary(f.summary)
        out["contacts"] = f.contacts.map { c -> [String: Any] in
            ["name": c.name, "role": c.role, "phone": c.phone, "wechat": c.wechat, "birthday": c.birthday ?? NSNull(),
             "hobbies": c.hobbies, "min_contact_days": c.minContactDays ?? NSNull()]
        }
        out["recent_orders"] = entries(f.recentOrders)
        out["recent_payments"] = entries(f.recentPayments)
        out["recent_interactions"] = entries(f.recentInteractions)
        return out
    }
}
