import Foundation

/// Something the association or the centre did itself (CRITERIA §5): a briefing of officers and
/// members on the plan, a training, a meeting, an award, a fundraising, publicity. Briefings
/// count for target T10; the year's activities fill the report's sections with figures.
public struct Activity: Sendable, Equatable {
    public var id: String
    public var kind: ActivityKind
    public var date: Day
    public var title: String
    public var participantIds: [String]
    /// Vietnamese đồng (funds raised, an award's value).
    public var amount: Int64?
    public var villageId: String?
    public var unitId: String?
    public var notes: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    /// No commune raises or awards more than this in one activity: a typing slip (a few zeros too many).
    public static let maxAmount: Int64 = 100_000_000_000
    public static let maxParticipants = 2000

}

/// The fields of a create or a change, read and checked before the database is touched; every
/// field's error is found before one is thrown. `nil` means "not given" (a change keeps it).
public struct ActivityDraft: Sendable {
    public static let writable: Set<String> = ["kind", "date", "title", "participantIds", "amount", "villageId", "unitId", "notes"]

    public var kind: ActivityKind?
    public var date: Day?
    public var title: String?
    public var participantIds: [String]?
    public var amount: Int64??
    public var villageId: String??
    public var unitId: String??
    public var notes: String??

    public init(_ body: Fields, creating: Bool, today: Day = Day.today()) throws {
        var errors = FieldErrors()
        if creating {
            errors.requirePresent(body, ["kind", "date", "title"],
                                  words: ["kind": "loại hoạt động", "date": "ngày của hoạt động", "title": "tên hoạt động"])
        }
        try errors.check { kind = try body.code("kind", ActivityKind.self) }
        if body.has("date") {
            try errors.check {
                guard let day = try LearnerDraft.day(body, "date", what: "Ngày của hoạt động") else {
                    throw DomainError.invalid("date", "Thiếu ngày của hoạt động.")
                }
                guard day <= today else {
                    throw DomainError.invalid("date", "Ngày \(day.vietnamese) còn ở tương lai: chỉ ghi hoạt động đã diễn ra (muộn nhất là hôm nay).")
                }
                date = day
            }
        }
        if body.has("title"), body.fields["title"] != .null {
            try errors.check { title = try TextRules.name("title", body.requiredString("title"), max: 200) }
        }
        if body.has("participantIds") { try errors.check { participantIds = try Self.participants(body) } }
        if body.has("amount") {
            try errors.check {
                let value = try body.int("amount")
                if let value, !(0...Activity.maxAmount).contains(Int64(value)) {
                    throw DomainError.invalid("amount", value < 0 ? "Số tiền không được âm."
                        : "Số tiền \(VietNumber.integer(Int64(value))) đồng quá lớn (tối đa 100 tỷ đồng). Hãy kiểm tra số chữ số 0.")
                }
                amount = .some(value.map(Int64.init))
            }
        }
        if body.has("villageId") { try errors.check { villageId = .some(try body.string("villageId")) } }
        if body.has("unitId") { try errors.check { unitId = .some(try body.string("unitId")) } }
        if body.has("notes") { try errors.check { notes = .some(try TextRules.text("notes", body.string("notes"))) } }
        try errors.finish()
    }

    /// The ids in the given order, each once.
    private static func participants(_ body: Fields) throws -> [String] {
        guard let values = body.fields["participantIds"]?.arrayValue else {
            if body.fields["participantIds"] == .null { return [] }
            throw DomainError.invalid("participantIds", "Người tham gia phải là một danh sách mã người học.")
        }
        guard values.count <= Activity.maxParticipants else {
            throw DomainError.invalid("participantIds", "Một hoạt động có tối đa \(Activity.maxParticipants) người tham gia.")
        }
        var seen = Set<String>(), ids: [String] = []
        for (index, value) in values.enumerated() {
            guard let id = value.stringValue, !id.isEmpty, id.count <= 64 else {
                throw DomainError.invalid("participantIds[\(index)]", "Mã người học phải là chuỗi.")
            }
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }
}

extension Activity: JSONShape {
    public static let schemaName = "Activity"
    public static let fields: [ShapeField<Activity>] = [
        .nullableInt("amount", { $0.amount.map { Int($0) } }),
        .moment("createdAt", \.createdAt),
        .string("date", \.date.text, schema: ValueSchema.date),
        .string("id", \.id),
        .code("kind", \.kind),
        .nullableString("notes", \.notes),
        .strings("participantIds", \.participantIds),
        .string("title", \.title),
        .nullableString("unitId", \.unitId),
        .moment("updatedAt", \.updatedAt),
        .nullableString("villageId", \.villageId),
    ]
}
