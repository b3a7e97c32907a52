import Foundation
import KehuCore
import KehuPlaybook

/// The dealer report as one self-contained HTML page: inline CSS and SVG, no script, no
/// font or image fetched, readable on a phone. Chinese by default, English with `en`.
struct HTMLReport {
    let report: DealerReport
    let language: String
    let database: String
    let version: String

    var zh: Bool { language == "zh" }
    func t(_ zh: String, _ en: String) -> String { self.zh ? zh : en }
    func e(_ s: String) -> String { SVGChart.escape(s) }
    func money(_ fen: Int64) -> String { Money.yuan(fen) }
    func short(_ fen: Int64) -> String { Money.short(fen, language: language) }

    /// What the playbook in effect calls its quadrants, follow-up kinds and resources (its
    /// message files, then the standard playbook's); a code it does not name shows as it is.
    let names: Names

    func quadrantName(_ q: String) -> String {
        switch q {
        case "new": return t("新客户", "new")
        case "gone": return t("已不在", "gone")
        default: return names.quadrant(q)
        }
    }
    func resourceName(_ r: String) -> String { names.resource(r) }
    func kindName(_ k: String) -> String { names.kind(k) }

    func dot(_ q: String) -> String {
        "<span class=\"dot\" style=\"background:\(SVGChart.quadrantColours[q] ?? "#555")\"></span>"
    }

    /// A table; `headers` are text (escaped here), `rows` are HTML made by the caller.
    func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], cls: String = "") -> String {
        var s = "<div class=\"scroll\"><table class=\"\(cls)\"><thead><tr>"
        for (i, h) in headers.enumerated() { s += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(e(h))</th>" }
        s += "</tr></thead><tbody>"
        for row in rows {
            s += "<tr>"
            for (i, cell) in row.enumerated() { s += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(cell)</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }

    func render() -> String {
        let r = report
        let sales = r.points.reduce(Int64(0)) { $0 + $1.sales365 }
        let receivable = r.ageingTotal.reduce(0, +)
        let overdue = r.ageingTotal.dropFirst().reduce(0, +)
        var html = """
            <!DOCTYPE html>
            <html lang="\(zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t("客户关系报告", "Client relationship report")) · \(e(r.run.asOf))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header>
            <h1>\(t("客户关系报告", "Client relationship report"))</h1>
            <p class="meta">\(t("截至", "As of")) <b>\(e(r.run.asOf))</b> · \(t("策略", "playbook")) \(e(r.run.playbook)) \(e(r.run.version)) (\(e(String(r.run.hash.prefix(12))))) · \(t("评分批次", "score run")) \(r.run.id) · \(e(database))</p>
            </header>
            <section class="cards">
            <div class="card"><span>\(t("评分客户", "Clients scored"))</span><b class="clients">\(r.points.count)</b></div>
            <div class="card"><span>\(t("近一年销售", "Sales, last 365 days"))</span><b>\(e(short(sales)))</b></div>
            <div class="card"><span>\(t("应收账款", "Receivables"))</span><b>\(e(short(receivable)))</b></div>
            <div class="card"><span>\(t("逾期", "Overdue"))</span><b>\(e(short(overdue)))</b></div>
            <div class="card"><span>\(t("超出信用额度", "Over credit limit"))</span><b>\(r.overLimit.count)</b></div>
            </section>

            """
        html += quadrantSection() + paretoSection() + ageingSection() + movesSection() + planSection() + followupSection()
        html += """
            <footer>\(t("由 kehu \(version) 生成：", "Made by kehu \(version): ")) kehu report --out … · \(t("图表为内嵌 SVG，无外部资源。", "charts are inline SVG; nothing is fetched."))</footer>
            </body>
            </html>

            """
        return html
    }

    func quadrantSection() -> String {
        let r = report
        let points = r.points.map { (code: $0.code, name: $0.name, loyalty: $0.loyalty, strength: $0.strength, quadrant: $0.quadrant, sales: $0.sales365, reason: $0.reason) }
        let svg = SVGChart.scatter(points, bars: r.bars, labels: (x: t("忠诚度 →", "loyalty →"), y: t("实力 →", "strength →"), title: { code, name, l, s, q in
            "\(code) \(name) · \(self.t("忠诚", "loyalty")) \(String(format: "%.1f", l)) · \(self.t("实力", "strength")) \(String(format: "%.1f", s)) · \(self.quadrantName(q))"
        }))
        var rows: [[String]] = []
        for q in r.quadrants {
            rows.append(["\(dot(q.quadrant))\(quadrantName(q.quadrant))", "<span class=\"qcount\" data-quadrant=\"\(q.quadrant)\">\(q.clients)</span>",
                         e(money(q.sales365)), e(money(q.receivable))])
        }
        let barsNote = r.bars.map { String(format: t("虚线：忠诚 %.1f、实力 %.1f 的分界。", "Dashed lines: the bars at loyalty %.1f and strength %.1f."), $0.loyalty, $0.strength) }
            ?? t("此策略的象限不是两条直线分界，故不画分界线。", "This playbook's quadrants are not two straight bars, so none are drawn.")
        return """
            <section>
            <h2>\(t("忠诚度 × 实力", "Loyalty × strength"))</h2>
            <p class="note">\(t("每个点是一个客户，颜色表示象限，大小表示近一年销售；鼠标悬停看名称与分数。", "Each point is a client, coloured by quadrant and sized by its sales of the last year; hover for its name and scores.")) \(barsNote)</p>
            \(svg)
            <div class="legend">\(["key", "develop", "watch", "phase_out"].map { "\(dot($0))\(quadrantName($0))" }.joined(separator: " "))</div>
            \(table([t("象限", "Quadrant"), t("客户", "Clients"), t("近一年销售", "Sales 365d"), t("应收", "Receivable")], rows, numeric: [1, 2, 3]))
            </section>

            """
    }

    func paretoSection() -> String {
        let r = report
        let count = r.paretoSales.count
        let svg = SVGChart.pareto(r.paretoSales, labels: (x: t("客户占比（按销售从高到低）", "share of clients, largest first"),
                                                      y: t("累计销售占比", "cumulative share of sales"), mark: { pct, clients, share in
            self.zh ? "\(pct)%：前 \(clients) 个客户（\(String(format: "%.1f", share * 100))%）" : "\(pct)%: first \(clients) clients (\(String(format: "%.1f", share * 100))%)"
        }))
        var abc: [String: Int] = [:]
        for p in r.points { abc[p.abc, default: 0] += 1 }
        return """
            <section>
            <h2>\(t("ABC 帕累托曲线", "ABC Pareto curve"))</h2>
            <p class="note">\(t("近一年有销售的 \(count) 个客户；累计到 80% 的是 A 类，到 95% 的是 B 类，其余 C 类。", "The \(count) clients with sales in the last year; those making the first 80% of sales are A, up to 95% B, the rest C.")) \(t("评分客户中", "Among the scored clients:")) A \(abc["A"] ?? 0) · B \(abc["B"] ?? 0) · C \(abc["C"] ?? 0)</p>
            \(svg)
            </section>

            """
    }

    func ageingSection() -> String {
        let r = report
        let legend = [t("未到期", "not due"), t("逾期1–30天", "1–30 days"), t("31–60天", "31–60"), t("61–90天", "61–90"), t("90天以上", "over 90")]
        let reps = r.ageingByRep.prefix(12)
        let bars = SVGChart.stackedBars([(t("全部", "all"), r.ageingTotal)] + reps.map { ($0.owner.isEmpty ? "—" : $0.owner, $0.buckets) },
                                        colours: SVGChart.ageingColours, legend: legend, money: short)
        let rows = r.ageingByRep.map { rep in
            [e(rep.owner.isEmpty ? "—" : rep.owner), String(rep.clients), e(money(rep.receivable))] + rep.buckets.map { e(money($0)) }
        }
        let over = r.overLimit.prefix(20).map { o in
            [e(o.code), e(o.name), e(o.owner), e(money(o.receivable)), e(money(o.limit)), e(money(o.receivable - o.limit))]
        }
        let overTable = r.overLimit.isEmpty ? "<p>\(t("没有客户超出信用额度。", "No client is over its credit limit."))</p>"
            : table([t("客户", "Client"), t("名称", "Name"), t("业务员", "Rep"), t("应收", "Receivable"), t("额度", "Limit"), t("超出", "Over by")],
                    over, numeric: [3, 4, 5], cls: "overlimit")
            + (r.overLimit.count > 20 ? "<p class=\"note\">\(t("另有 \(r.overLimit.count - 20) 个客户超出额度。", "and \(r.overLimit.count - 20) more over their limit."))</p>" : "")
        return """
            <section>
            <h2>\(t("应收账龄", "Receivables by age"))</h2>
            <p class="note">\(t("按超过付款期限的天数分段，先付的款冲抵最早的订单；按业务员列出应收最多的前 12 位。", "By days past the payment terms, payments applied to the oldest orders first; the 12 reps with the most receivables."))</p>
            \(bars)
            \(table([t("业务员", "Rep"), t("客户", "Clients"), t("应收", "Receivable")] + legend, rows, numeric: Set(1...7)))
            <h3>\(t("超出信用额度的客户", "Clients over their credit limit"))</h3>
            \(overTable)
            </section>

            """
    }

    func movesSection() -> String {
        let r = report
        guard let previous = r.previous else {
            return "<section><h2>\(t("象限变化", "Quadrant moves"))</h2><p>\(t("这是第一次评分，还没有可比较的上一次。", "This is the first score run: there is no earlier one to compare with."))</p></section>\n"
        }
        let rowsFrom = ["key", "develop", "watch", "phase_out", "new"].filter { r.moves[$0] != nil }
        let columns = ["key", "develop", "watch", "phase_out", "gone"]
        let rows = rowsFrom.map { from in
            ["\(from == "new" ? "" : dot(from))\(quadrantName(from))"] + columns.map { to in
                let n = r.moves[from]?[to] ?? 0
                return from == to ? "<b>\(n)</b>" : (n == 0 ? "·" : "\(n)")
            }
        }
        return """
            <section>
            <h2>\(t("象限变化", "Quadrant moves"))</h2>
            <p class="note">\(t("自第 \(previous.id) 次评分（\(e(previous.asOf))）以来：行是当时的象限，列是现在的。", "Since score run \(previous.id) (\(e(previous.asOf))): rows are the quadrants then, columns now."))</p>
            \(table([t("从 \\ 到", "from \\ to")] + columns.map(quadrantName), rows, numeric: Set(1...columns.count), cls: "moves"))
            </section>

            """
    }

    func planSection() -> String {
        guard let plan = report.plan else {
            return "<section><h2>\(t("资源分配", "Resource plan"))</h2><p>\(t("还没有分配方案：运行 kehu allocate --budget 金额。", "No plan yet: run kehu allocate --budget AMOUNT."))</p></section>\n"
        }
        let quadrants = ["key", "develop", "watch", "phase_out"]
        var rows: [[String]] = []
        for q in quadrants {
            let amounts = plan.resources.map { plan.amounts[q]?[$0] ?? 0 }
            rows.append(["\(dot(q))\(quadrantName(q))"] + amounts.map { e(money($0)) } + [e(money(amounts.reduce(0, +)))])
        }
        let totals = plan.resources.map { res in quadrants.reduce(Int64(0)) { $0 + (plan.amounts[$1]?[res] ?? 0) } }
        rows.append(["<b>\(t("合计", "Total"))</b>"] + totals.map { "<b>\(e(money($0)))</b>" } + ["<b>\(e(money(totals.reduce(0, +))))</b>"])
        let bars = SVGChart.stackedBars(quadrants.map { q in (quadrantName(q), plan.resources.map { plan.amounts[q]?[$0] ?? 0 }) },
                                        colours: ["#5c6bc0", "#26a69a", "#ffca28", "#ab47bc", "#8d6e63", "#78909c"],
                                        legend: plan.resources.map(resourceName), money: short)
        return """
            <section>
            <h2>\(t("资源分配", "Resource plan"))</h2>
            <p class="note">\(t("第 \(plan.run.id) 次分配（\(e(plan.run.asOf))），预算 \(e(money(plan.budget)))，\(e(plan.run.playbook)) \(e(plan.run.version))。", "Allocation run \(plan.run.id) (\(e(plan.run.asOf))), budget \(e(money(plan.budget))), \(e(plan.run.playbook)) \(e(plan.run.version))."))</p>
            \(bars)
            \(table([t("象限", "Quadrant")] + plan.resources.map(resourceName) + [t("合计", "Total")], rows, numeric: Set(1...plan.resources.count + 1)))
            </section>

            """
    }

    func followupSection() -> String {
        let r = report
        let quadrantOf = Dictionary(r.points.map { ($0.code, $0.quadrant) }, uniquingKeysWith: { a, _ in a })
        let shown = r.followups.prefix(60)
        let rows = shown.map { f -> [String] in
            let q = quadrantOf[f.code] ?? ""
            return [e(f.due), "P\(f.priority)", "\(q.isEmpty ? "" : dot(q))\(quadrantName(q))", e(f.code), e(f.clientName), e(f.owner),
                    e(kindName(f.kind)), e(f.contact), "<span class=\"msg\">\(e(f.message))</span>"]
        }
        let more = r.followups.count > shown.count
            ? "<p class=\"note\">\(t("另有 \(r.followups.count - shown.count) 条；kehu followups list 列出全部。", "and \(r.followups.count - shown.count) more; kehu followups list shows them all."))</p>" : ""
        let body = r.followups.isEmpty
            ? "<p>\(t("本周没有待办跟进：运行 kehu followups 起草。", "No open follow-ups this week: kehu followups drafts them."))</p>"
            : table([t("到期", "Due"), t("优先", "Pri"), t("象限", "Quadrant"), t("客户", "Client"), t("名称", "Name"), t("业务员", "Rep"),
                     t("类型", "Kind"), t("联系人", "Contact"), t("话术", "Message")], rows, cls: "followups") + more
        return """
            <section>
            <h2>\(t("本周跟进", "This week's follow-ups"))</h2>
            <p class="note">\(t("到 \(e(r.weekEnd)) 为止的待办（含已过期的），重点客户在前。", "Open tasks due by \(e(r.weekEnd)) (overdue ones included), key clients first."))</p>
            \(body)
            </section>

            """
    }

    static let css = """
        :root { color-scheme: light; }
        body { margin: 0 auto; max-width: 1080px; padding: 16px; font: 15px/1.5 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #222; background: #fff; }
        h1 { font-size: 24px; margin: 8px 0 0; } h2 { font-size: 19px; margin: 28px 0 4px; border-bottom: 2px solid #eee; padding-bottom: 4px; } h3 { font-size: 16px; margin: 18px 0 4px; }
        .meta, .note, footer { color: #666; font-size: 13px; } footer { margin: 32px 0 8px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-top: 14px; }
        .card { border: 1px solid #e3e3e3; border-radius: 8px; padding: 10px 12px; background: #fcfcfc; }
        .card span { display: block; color: #666; font-size: 13px; } .card b { font-size: 20px; }
        svg.chart { width: 100%; height: auto; max-width: 760px; display: block; margin: 8px 0; }
        svg .tick { font-size: 12px; fill: #666; } svg .axis { font-size: 13px; fill: #333; } svg .label { font-size: 13px; font-weight: bold; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 14px; min-width: 60%; }
        th, td { padding: 5px 9px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; vertical-align: top; }
        th { background: #f5f5f5; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td .msg { display: inline-block; white-space: normal; min-width: 16em; max-width: 28em; color: #444; }
        .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: middle; }
        .legend { font-size: 14px; } .legend .dot { margin-left: 10px; }
        @media (max-width: 600px) { svg .tick { font-size: 17px; } svg .axis { font-size: 19px; } svg .label { font-size: 16px; }
          body { padding: 10px; font-size: 14px; } table { font-size: 13px; } th, td { padding: 4px 6px; } h1 { font-size: 20px; } }
        """
}
