import Foundation

/// A lesson or class, as the API shows it.
public struct Session: Sendable, Equatable {
    public var id: String
    public var title: String
    public var topic: String?
    public var category: SessionCategory
    public var instructor: String?
    /// Set when the instructor is one of the centre's learners.
    public var instructorId: String? = nil
    public var place: String?
    public var startsAt: Int64
    public var endsAt: Int64
    public var creditedHours: Double
    public var capacity: Int?
    public var notes: String?
    /// What staff decided.
    public var state: SessionState
    /// Set when the session was made as one of a weekly series.
    public var seriesId: String? = nil
    /// People on the attendance sheet (not taken off).
    public var attendeeCount = 0

    public static let maxHours = 12.0

    /// planned until shortly before the start, open until the end, then closed; or as staff decided.
    public func status(now: Int64, rules: CentreRules) -> SessionStatus {
        switch state {
        case .cancelled: return .cancelled
        case .closed: return .closed
        case .scheduled:
            if now >= endsAt { return .closed }
            if now >= startsAt - Int64(rules.openLeadMinutes) * 60_000 { return .open }
            return .planned
        }
    }

    public var durationHours: Double { Double(endsAt - startsAt) / 3_600_000 }
}

/// A session's writable fields read from a request body (create or PATCH).
public struct SessionDraft: Sendable {
    public var title: String?
    public var topic: String??
    public var category: SessionCategory?
    public var instructor: String??
    public var instructorId: String??
    public var place: String??
    public var startsAt: Int64?
    public var endsAt: Int64?
    public var creditedHours: Double?
    public var capacity: Int??
    public var notes: String??
    /// Cancelled to cancel, planned to bring a cancelled session back (managers).
    public var status: SessionStatus?
    /// Why, for the audit table (cancelling, changing a closed session).
    public var reason: String?

    public static let writable: Set<String> = ["title", "topic", "category", "instructor", "instructorId", "place", "startsAt", "endsAt",
                                                "creditedHours", "capacity", "notes", "status", "reason"]

    public init(_ body: Fields, creating: Bool) throws {
        var errors = FieldErrors()
        if creating { errors.requirePresent(body, ["title", "category", "startsAt", "endsAt"]) }
        if body.has("title") { try errors.check { title = try TextRules.name("title", body.requiredString("title"), max: 150) } }
        if body.has("category") {
            try errors.check {
                category = try body.code("category", SessionCategory.self)
                if category == nil { throw DomainError.invalid("category", "Thiếu lĩnh vực.") }
            }
        }
        for key in ["topic", "instructor", "place", "notes"] where body.has(key) {
            try errors.check {
                let value: String?? = .some(try TextRules.text(key, body.string(key), max: key == "notes" ? 2000 : 200))
                switch key {
                case "topic": topic = value
                case "instructor": instructor = value
                case "place": place = value
                default: notes = value
                }
            }
        }
        if body.has("instructorId") { try errors.check { instructorId = .some(try body.string("instructorId")) } }
        if body.has("startsAt") { try errors.check { startsAt = try SessionDraft.moment(body, "startsAt") } }
        if body.has("endsAt") { try errors.check { endsAt = try SessionDraft.moment(body, "endsAt") } }
        if body.has("creditedHours") {
            try errors.check {
                guard let hours = try body.double("creditedHours") else { throw DomainError.invalid("creditedHours", "Thiếu số giờ được tính.") }
                guard hours >= 0 else { throw DomainError.invalid("creditedHours", "Số giờ được tính không được âm.") }
                creditedHours = hours
            }
        }
        if body.has("capacity") {
            try errors.check {
                let value = try body.int("capacity")
                if let value, value < 1 { throw DomainError.invalid("capacity", "Sức chứa phải từ 1 người trở lên.") }
                capacity = .some(value)
            }
        }
        if body.has("status") {
            try errors.check {
                if creating { throw DomainError.invalid("status", "Buổi học mới luôn ở trạng thái \"planned\"; không gửi \"status\" khi tạo.") }
                status = try body.code("status", SessionStatus.self)
                if status == .open || status == .closed {
                    throw DomainError.invalid("status", status == .closed
                        ? "Để đóng buổi học, dùng nút \"Đóng buổi học\" (POST /api/sessions/{id}/close): giờ học được tính khi đóng."
                        : "Buổi học tự mở điểm danh \(CentreRules().openLeadMinutes) phút trước giờ bắt đầu; không đặt \"open\" bằng tay.")
                }
            }
        }
        try errors.check { reason = try TextRules.text("reason", body.string("reason"), max: 500) }
        try errors.finish()
    }

    /// ISO 8601 with an offset ("2026-11-29T08:00:00+07:00"), as milliseconds.
    package static func moment(_ body: Fields, _ key: String) throws -> Int64 {
        guard let text = try body.string(key), let millis = Timestamps.parse(text) else {
            throw DomainError.invalid(key, "\(FieldNames.sentence(key)) phải là thời điểm có múi giờ, ví dụ 2026-11-29T08:00:00+07:00.")
        }
        return millis
    }

    /// Checks the whole session after the change: ends after it starts, lasts at most 12 hours,
    /// credits no more than its length unless a reason is given (and never over a day).
    static func check(_ s: Session, excessAllowed: Bool) throws {
        guard s.endsAt > s.startsAt else { throw DomainError.invalid("endsAt", "Giờ kết thúc phải sau giờ bắt đầu.") }
        guard s.durationHours <= Session.maxHours else {
            throw DomainError.invalid("endsAt", "Một buổi học dài tối đa 12 giờ. Hãy tách thành nhiều buổi.")
        }
        guard s.creditedHours <= 2 * Session.maxHours else {
            throw DomainError.invalid("creditedHours", "Một buổi học được tính tối đa \(Int(2 * Session.maxHours)) giờ.")
        }
        guard s.creditedHours <= s.durationHours + 1e-9 || excessAllowed else {
            throw DomainError.invalid("creditedHours", """
                Số giờ được tính (\(s.creditedHours)) lớn hơn độ dài buổi học (\(Store.roundHours(s.durationHours)) giờ). \
                Nếu đúng là vậy (ví dụ có bài thực hành ở nhà), hãy ghi lý do.
                """)
        }
    }
}

/// A check-in to a session or a visit, as the API shows it.
public struct CheckIn: Sendable, Equatable {
    public var id: String
    public var learnerId: String
    public var sessionId: String?
    public var purpose: VisitPurpose?
    public var checkedInAt: Int64
    public var checkedOutAt: Int64?
    public var autoClosed: Bool
    public var creditedHours: Double

}

/// A session with its status at the moment of the answer.
public struct SessionView: JSONShape, Sendable {
    public var session: Session
    public var status: SessionStatus
    /// Ended, but staff have not yet confirmed its attendance by closing it.
    public var awaitingClose: Bool

    /// Other sessions in the same place at the same time (a warning, never a refusal).
    public var warnings: [SessionWarning]?

    public init(_ session: Session, now: Int64, rules: CentreRules, warnings: [SessionWarning]? = nil) {
        self.session = session
        self.status = session.status(now: now, rules: rules)
        self.awaitingClose = session.state == .scheduled && now >= session.endsAt
        self.warnings = warnings
    }

    public static let schemaName = "Session"
    public static let fields: [ShapeField<SessionView>] = [
        .int("attendeeCount", \.session.attendeeCount),
        .bool("awaitingClose", \.awaitingClose).described("ended, but staff have not closed it to confirm its attendance"),
        .nullableInt("capacity", \.session.capacity),
        .code("category", \.session.category),
        .number("creditedHours", \.session.creditedHours),
        .moment("endsAt", \.session.endsAt),
        .string("id", \.session.id),
        .nullableString("instructor", \.session.instructor),
        .nullableString("instructorId", \.session.instructorId),
        .nullableString("notes", \.session.notes),
        .nullableString("place", \.session.place),
        .nullableString("seriesId", \.session.seriesId),
        .moment("startsAt", \.session.startsAt),
        .code("status", \.status),
        .string("title", \.session.title, schema: .object(["type": "string", "minLength": 1, "maxLength": 150])),
        .nullableString("topic", \.session.topic),
        .optionalList("warnings", \.warnings).described("only in the answer to a create or change"),
    ]
}

/// Something staff should know about a saved session that does not stop it being saved.
public struct SessionWarning: Sendable, JSONShape {
    public var code: String
    public var message: String
    public var sessionId: String

    public static let schemaName = "SessionWarning"
    public static let fields: [ShapeField<SessionWarning>] = [.string("code", \.code), .string("message", \.message), .string("sessionId", \.sessionId)]
}

extension CheckIn: JSONShape {
    public static let schemaName = "CheckIn"
    public static let fields: [ShapeField<CheckIn>] = [
        .bool("autoClosed", \.autoClosed),
        .moment("checkedInAt", \.checkedInAt),
        .nullableMoment("checkedOutAt", \.checkedOutAt),
        .number("creditedHours", \.creditedHours),
        .string("id", \.id),
        .string("learnerId", \.learnerId),
        .nullableCode("purpose", \.purpose),
        .nullableString("sessionId", \.sessionId),
    ]
}
