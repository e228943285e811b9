import Foundation

/// How near this year's report deadline is (CRITERIA §5: before 15 November unless the
/// settings say otherwise) and whether the report went out: the dashboard's reminder.
package struct ReportDeadline {
    var year: Int
    var date: Day
    var daysLeft: Int
    /// "draft" (nothing submitted), "submitted" (copy `copy` kept, not yet marked sent), "sent".
    var state: String
    var copy: Int?

    package init(today: Day, monthDay: String, submissions: [Submission]) {
        year = today.year
        date = Day("\(today.year)-\(monthDay)") ?? Day(year: today.year, month: 11, day: 15)
        daysLeft = Int(date.ordinal - today.ordinal)
        let ours = submissions.filter { $0.year == today.year }
        if let sent = ours.filter({ $0.sentAt != nil }).max(by: { $0.number < $1.number }) {
            (state, copy) = ("sent", sent.number)
        } else if let latest = ours.max(by: { $0.number < $1.number }) {
            (state, copy) = ("submitted", latest.number)
        } else {
            (state, copy) = ("draft", nil)
        }
    }

    var overdue: Bool { daysLeft < 0 && state != "sent" }

    /// One sentence for the manager: what stands and what to do.
    var message: String {
        let due = "hạn nộp báo cáo năm \(year) là \(date.vietnamese)"
        let what = state == "submitted" ? "Bản số \(copy ?? 0) đã nộp nhưng chưa ghi nhận đã gửi đi" : "Báo cáo chưa được nộp"
        if state == "sent" { return "Báo cáo năm \(year) đã gửi đi (bản số \(copy ?? 0)); \(due)." }
        if daysLeft < 0 {
            return "Đã quá \(-daysLeft) ngày: \(due). \(what). Hãy vào \"Năm và báo cáo\" để nộp và ghi nhận đã gửi ngay."
        }
        let when = daysLeft == 0 ? "Hôm nay là hạn" : "Còn \(daysLeft) ngày"
        return "\(when): \(due). \(what)\(state == "draft" ? " (nộp ở \"Năm và báo cáo\")" : "")."
    }
}

extension ReportDeadline: JSONShape {
    package static let schemaName = "ReportDeadline"
    package static let fields: [ShapeField<ReportDeadline>] = [
        .nullableInt("copy", \.copy),
        .int("daysLeft", \.daysLeft),
        .string("deadline", \.date.text, schema: ValueSchema.date),
        .string("message", \.message),
        .bool("overdue", \.overdue),
        .string("state", \.state, schema: ValueSchema.oneOf(["draft", "submitted", "sent"])),
        .int("year", \.year),
    ]
}
