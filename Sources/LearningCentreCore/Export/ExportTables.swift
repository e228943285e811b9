import Foundation

/// What a bundle carries, table by table: the same names and columns in the CSV files, the
/// workbook and the association's database. Parents come before the records that point to them,
/// which is also the order the association applies them in (deletions before everything).
package struct ExportTable: Sendable {
    enum Kind: Sendable { case text, integer, real, flag, timestamp }

    struct Column: Sendable {
        let name: String
        let kind: Kind
        /// Personal data that leaves the centre only when a manager chose it (see `optionalLearnerColumns`).
        var optional = false
    }

    let name: String
    let columns: [Column]
    /// The columns that identify a record (a UUID, or the natural key of a yearly record).
    let key: [String]
    /// Sheet title in the workbook.
    let title: String

    func selectSQL(columns: [Column]) -> String {
        "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(name) WHERE change_seq > ? AND change_seq <= ? ORDER BY change_seq"
    }

    /// Learner columns that are personal data beyond what recognition and reporting need.
    package static let optionalLearnerColumns = ["phone", "birth_date", "notes"]

    static let all: [ExportTable] = {
        func text(_ name: String, optional: Bool = false) -> Column { Column(name: name, kind: .text, optional: optional) }
        func int(_ name: String) -> Column { Column(name: name, kind: .integer) }
        func real(_ name: String) -> Column { Column(name: name, kind: .real) }
        func flag(_ name: String) -> Column { Column(name: name, kind: .flag) }
        func time(_ name: String) -> Column { Column(name: name, kind: .timestamp) }
        let stamps = [time("created_at"), time("updated_at")]
        let closed = text("closed_on")
        return [
            // Deletions first: a record taken back and made again in the same period is deleted,
            // then written again, never the other way round.
            ExportTable(name: "deletions", columns: [text("entity"), text("key")], key: [], title: "Đã xóa"),
            ExportTable(name: "villages", columns: [text("id"), text("name"), closed] + stamps, key: ["id"], title: "Thôn"),
            ExportTable(name: "households", columns: [text("id"), text("name"), text("village_id"), text("address"), closed] + stamps,
                        key: ["id"], title: "Hộ gia đình"),
            ExportTable(name: "clans", columns: [text("id"), text("name"), closed] + stamps, key: ["id"], title: "Dòng họ"),
            ExportTable(name: "units", columns: [text("id"), text("name"), text("kind"), closed] + stamps, key: ["id"], title: "Đơn vị"),
            ExportTable(name: "learners", columns: [
                text("id"), text("full_name"), text("gender"), int("birth_year"), text("birth_date", optional: true),
                text("village_id"), text("household_id"), text("clan_id"), text("unit_id"), text("category"), text("target_group"),
                flag("is_association_officer"), text("phone", optional: true), time("consent_at"), text("notes", optional: true),
                flag("archived"), text("registered_on"), flag("is_association_member"),
            ] + stamps, key: ["id"], title: "Người học"),
            // Who belonged where from which day to which (CRITERIA §4): the association computes each
            // year with that year's memberships.
            ExportTable(name: "memberships", columns: [
                text("learner_id"), text("from_day"), text("to_day"), text("village_id"), text("household_id"), text("clan_id"),
                text("unit_id"), text("category"), text("target_group"), flag("is_association_officer"), flag("is_association_member"),
                flag("archived"),
            ], key: ["learner_id", "from_day"], title: "Lịch sử thôn, hộ, nhóm"),
            ExportTable(name: "sessions", columns: [
                text("id"), text("title"), text("topic"), text("category"), text("instructor"), text("instructor_id"), text("place"),
                time("starts_at"), time("ends_at"), real("credited_hours"), int("capacity"), text("notes"), text("state"), text("series_id"),
            ] + stamps, key: ["id"], title: "Buổi học"),
            ExportTable(name: "check_ins", columns: [
                text("id"), text("learner_id"), text("session_id"), text("purpose"), time("checked_in_at"), time("checked_out_at"),
                flag("auto_closed"), real("visit_hours"), text("source"), time("removed_at"), real("hours_override"),
                text("override_reason"), time("reviewed_at"), text("reviewed_by"),
            ], key: ["id"], title: "Lượt tham gia"),
            ExportTable(name: "rulesets", columns: [text("id"), int("version"), text("body"), text("loaded_by"), time("loaded_at")],
                        key: ["id", "version"], title: "Bộ tiêu chí"),
            ExportTable(name: "ruleset_years", columns: [int("year"), text("ruleset_id"), int("ruleset_version"), text("chosen_by"), time("chosen_at")],
                        key: ["year"], title: "Tiêu chí theo năm"),
            ExportTable(name: "assessments", columns: [text("learner_id"), int("year"), text("code"), real("points"), text("note"),
                                                       text("assessed_by"), time("assessed_at")],
                        key: ["learner_id", "year", "code"], title: "Đánh giá"),
            ExportTable(name: "learning_plans", columns: [text("learner_id"), int("year"), text("goals"), text("categories"), real("target_hours"),
                                                          text("updated_by"), time("updated_at")],
                        key: ["learner_id", "year"], title: "Kế hoạch học tập"),
            ExportTable(name: "digital_skills", columns: [text("learner_id"), int("year"), text("level"), text("note"), text("assessed_by"),
                                                          time("assessed_at")],
                        key: ["learner_id", "year"], title: "Kỹ năng số"),
            // What the centre submitted and closed (the reports themselves stay at the centre; their SHA-256 travels).
            ExportTable(name: "year_closures", columns: [int("year"), time("closed_at"), text("closed_by"), text("ruleset_id"),
                                                         int("ruleset_version"), text("report_sha256")],
                        key: ["year"], title: "Năm đã khóa sổ"),
            ExportTable(name: "year_submissions", columns: [int("year"), int("number"), time("submitted_at"), text("submitted_by"),
                                                            text("report_sha256"), text("sent_how"), text("sent_to"), time("sent_at")],
                        key: ["year", "number"], title: "Báo cáo đã nộp"),
            ExportTable(name: "group_facts", columns: [text("kind"), text("group_id"), int("year"), text("fact"), flag("value"),
                                                       text("recorded_by"), time("recorded_at")],
                        key: ["kind", "group_id", "year", "fact"], title: "Điều kiện danh hiệu"),
            // The association's own work (CRITERIA §5): activities with their participants (ids,
            // space-separated) for T10, and the sections the centre wrote for its yearly report.
            ExportTable(name: "activities", columns: [
                text("id"), text("kind"), text("day"), text("title"), text("participant_ids"), int("amount"), text("village_id"),
                text("unit_id"), text("notes"),
            ] + stamps, key: ["id"], title: "Hoạt động của Hội"),
            ExportTable(name: "report_narratives", columns: [
                int("year"), text("publicity"), text("training"), text("awards"), text("funds"), text("difficulties"), text("proposals"),
                time("updated_at"),
            ], key: ["year"], title: "Phần Hội viết trong báo cáo"),
        ]
    }()

    static func named(_ name: String) -> ExportTable? { all.first { $0.name == name } }
}
