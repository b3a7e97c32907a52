/// The tables `kehu import` and `kehu export` know, with their canonical columns and the
/// headers Chinese software exports for them.
public enum ImportTable: String, CaseIterable, Sendable {
    case clients, contacts, orders, payments, interactions

    /// Canonical columns, in export order.
    public var columns: [String] {
        switch self {
        case .clients:
            return ["code", "name", "kind", "region", "owner", "credit_limit", "payment_terms_days", "stage", "status",
                    "staff", "vehicles", "premises_m2", "warehouse_m2", "capital", "ads", "tags", "since"]
        case .contacts:
            return ["client", "name", "role", "phone", "wechat", "birthday", "hobbies", "notes", "min_contact_days"]
        case .orders: return ["code", "client", "date", "amount", "brand", "product", "quantity"]
        case .payments: return ["code", "client", "date", "amount"]
        case .interactions: return ["client", "date", "kind", "contact", "cost", "summary", "answered", "resolved"]
        }
    }

    /// Columns a file must have.
    public var required: [String] {
        switch self {
        case .clients: return ["code", "name", "kind"]
        case .contacts: return ["client", "name"]
        case .orders, .payments: return ["code", "client", "date", "amount"]
        case .interactions: return ["client", "date", "kind"]
        }
    }

    /// Header spellings (besides the canonical name) that mean each column.
    var aliases: [String: [String]] {
        let client = ["客户编号", "客户代码", "客户", "客户号"]
        switch self {
        case .clients:
            return [
                "code": ["客户编号", "编号", "客户代码", "代码", "客户号"], "name": ["客户名称", "名称", "客户名", "公司名称", "单位名称"],
                "kind": ["类型", "客户类型", "类别"], "region": ["区域", "地区", "所在区域"], "owner": ["业务员", "销售员", "负责业务员"],
                "credit_limit": ["信用额度", "授信额度"], "payment_terms_days": ["账期", "账期天数", "账期(天)", "付款期限"],
                "stage": ["阶段", "关系阶段"], "status": ["状态", "客户状态"], "staff": ["员工数", "员工人数", "人数"],
                "vehicles": ["车辆", "车辆数"], "premises_m2": ["营业面积", "门店面积", "经营面积"], "warehouse_m2": ["仓库面积"],
                "capital": ["资金", "注册资金", "注册资本", "资本"], "ads": ["广告", "广告投放"], "tags": ["标签"],
                "since": ["建档日期", "建档时间", "开户日期"],
            ]
        case .contacts:
            return [
                "client": client, "name": ["姓名", "联系人", "联系人姓名"], "role": ["职务", "角色", "职位"],
                "phone": ["电话", "手机", "手机号", "联系电话"], "wechat": ["微信", "微信号"], "birthday": ["生日", "出生日期"],
                "hobbies": ["爱好", "兴趣爱好"], "notes": ["备注", "性格家庭", "说明"], "min_contact_days": ["联系间隔", "联系间隔(天)"],
            ]
        case .orders:
            return [
                "code": ["订单号", "订单编号", "单号"], "client": client, "date": ["日期", "订单日期", "下单日期"],
                "amount": ["金额", "订单金额"], "brand": ["品牌"], "product": ["产品", "商品", "产品名称"], "quantity": ["数量"],
            ]
        case .payments:
            return ["code": ["回款单号", "单号", "回款编号"], "client": client, "date": ["日期", "回款日期"], "amount": ["金额", "回款金额"]]
        case .interactions:
            return [
                "client": client, "date": ["日期", "接触日期"], "kind": ["类型", "方式", "接触方式"], "contact": ["联系人", "姓名"],
                "cost": ["费用", "花费"], "summary": ["摘要", "内容", "备注"], "answered": ["响应时间", "答复时间"],
                "resolved": ["解决时间", "处理完成时间"],
            ]
        }
    }

    /// The canonical column a header names, or nil.
    func column(forHeader header: String) -> String? {
        let h = FieldParsers.trimmed(header).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lower = h.lowercased()
        if columns.contains(lower) { return lower }
        return aliases.first { $0.value.contains(h) }?.key
    }
}
