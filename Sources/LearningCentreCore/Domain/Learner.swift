import Foundation

/// A person who learns at the centre, as the API shows them.
public struct Learner: Codable, Sendable, Equatable {
    public var id: String
    public var fullName: String
    public var gender: Gender
    public var birthYear: Int
    public var birthDate: String?
    public var villageId: String
    public var householdId: String?
    public var clanId: String?
    public var unitId: String?
    public var category: LearnerCategory
    public var targetGroup: TargetGroup?
    public var isAssociationOfficer: Bool
    public var isAssociationMember: Bool
    /// The day the learner joined ("2026-03-02"); CRITERIA §4 counts from it. Nil only for a
    /// learner an association received from a centre of an earlier version.
    public var registeredOn: String?
    public var phone: String?
    public var cardCode: String
    public var consentAt: String?
    public var notes: String?
    public var archived: Bool
    public var createdAt: String
    public var updatedAt: String
}

/// The writable fields of a learner, read and checked from a request body. Every field is
/// optional so that the same type serves a create (where some are then required) and a PATCH.
public struct LearnerDraft: Sendable {
    public var fullName: String?
    public var gender: Gender?
    public var birthYear: Int?
    public var birthDate: String??
    public var villageId: String?
    public var householdId: String??
    public var clanId: String??
    public var unitId: String??
    public var category: LearnerCategory?
    public var targetGroup: TargetGroup??
    public var isAssociationOfficer: Bool?
    public var isAssociationMember: Bool?
    public var registeredOn: Day?
    /// A change of memberships holds from this day (a move); nil: from today.
    public var effectiveFrom: Day?
    /// The change corrects the current period from its start (an entry typed wrong).
    public var correction = false
    public var phone: String??
    public var consentAt: Int64??
    public var notes: String??

    public static let writable: Set<String> = [
        "fullName", "gender", "birthYear", "birthDate", "villageId", "householdId", "clanId", "unitId",
        "category", "targetGroup", "isAssociationOfficer", "isAssociationMember", "registeredOn", "phone", "consentAt", "consent", "notes",
    ]
    /// Words of a PATCH that say how a change of memberships holds.
    public static let changeWords: Set<String> = ["effectiveFrom", "correction"]
    public static let readOnly: Set<String> = ["id", "cardCode", "archived", "createdAt", "updatedAt"]

    public init() {}

    /// A "YYYY-MM-DD" field, or nil when null or empty.
    package static func day(_ body: Fields, _ key: String, what: String) throws -> Day? {
        guard let text = try body.string(key), !text.isEmpty else { return nil }
        guard let day = Day(text) else {
            throw DomainError.invalid(key, "\(what) phải có dạng NĂM-THÁNG-NGÀY, ví dụ 2026-03-02.")
        }
        return day
    }

    /// Reads the fields present in `body`; a create must have a name, gender, birth year and
    /// village. Every field's error is found before one is thrown, so a form shows them all.
    public init(_ body: Fields, creating: Bool) throws {
        if let bad = body.fields.keys.sorted().first(where: { LearnerDraft.readOnly.contains($0) }) {
            throw DomainError(.invalid, "read_only_field", "Trường \"\(bad)\" do hệ thống đặt, không sửa được.", field: bad)
        }
        var errors = FieldErrors()
        if creating { errors.requirePresent(body, ["fullName", "gender", "birthYear", "villageId"]) }
        if body.has("fullName") { try errors.check { fullName = try TextRules.name("fullName", body.requiredString("fullName")) } }
        if body.has("gender") {
            try errors.check {
                gender = try body.code("gender", Gender.self)
                if gender == nil { throw DomainError.invalid("gender", "Thiếu giới tính.") }
            }
        }
        if body.has("birthYear") {
            try errors.check {
                guard let year = try body.int("birthYear") else { throw DomainError.invalid("birthYear", "Thiếu năm sinh.") }
                birthYear = try TextRules.birthYear("birthYear", year)
            }
        }
        if body.has("birthDate") {
            try errors.check {
                if let text = try body.string("birthDate") {
                    guard let year = Timestamps.dateYear(text) else {
                        throw DomainError.invalid("birthDate", "Ngày sinh phải có dạng NĂM-THÁNG-NGÀY, ví dụ 1958-03-21.")
                    }
                    if let birthYear, birthYear != year {
                        throw DomainError.invalid("birthDate", "Ngày sinh \(text) không khớp năm sinh \(birthYear).")
                    }
                    birthDate = .some(text)
                } else { birthDate = .some(nil) }
            }
        }
        if body.has("villageId") {
            try errors.check {
                guard let v = try body.string("villageId"), !v.isEmpty else { throw DomainError.invalid("villageId", "Thiếu thôn.") }
                villageId = v
            }
        }
        for key in ["householdId", "clanId", "unitId"] where body.has(key) {
            try errors.check {
                let value: String?? = .some(try body.string(key).flatMap { $0.isEmpty ? nil : $0 })
                switch key {
                case "householdId": householdId = value
                case "clanId": clanId = value
                default: unitId = value
                }
            }
        }
        if body.has("category") {
            try errors.check {
                category = try body.code("category", LearnerCategory.self)
                if category == nil { throw DomainError.invalid("category", "Thiếu nhóm người học.") }
            }
        } else if creating {
            category = .other
        }
        if body.has("targetGroup") { try errors.check { targetGroup = .some(try body.code("targetGroup", TargetGroup.self)) } }
        if body.has("isAssociationOfficer") { try errors.check { isAssociationOfficer = try body.bool("isAssociationOfficer") ?? false } }
        if body.has("isAssociationMember") { try errors.check { isAssociationMember = try body.bool("isAssociationMember") ?? false } }
        if body.has("registeredOn") { try errors.check { registeredOn = try LearnerDraft.day(body, "registeredOn", what: "Ngày đăng ký") } }
        if body.has("effectiveFrom") {
            try errors.check { effectiveFrom = try LearnerDraft.day(body, "effectiveFrom", what: "Ngày bắt đầu thay đổi") }
        }
        try errors.check {
            correction = try body.bool("correction") ?? false
            if correction && effectiveFrom != nil {
                throw DomainError.invalid("correction", "Chọn một trong hai: chuyển từ một ngày (effectiveFrom) hoặc sửa nhập sai (correction), không cả hai.")
            }
        }
        if body.has("phone") { try errors.check { phone = .some(try TextRules.phone("phone", body.string("phone"))) } }
        if body.has("notes") { try errors.check { notes = .some(try TextRules.text("notes", body.string("notes"))) } }
        if body.has("consent") {
            try errors.check { consentAt = (try body.bool("consent") ?? false) ? .some(Store.nowMillis()) : .some(nil) }
        }
        if body.has("consentAt") {
            try errors.check {
                if let text = try body.string("consentAt") {
                    guard let date = ISO8601DateFormatter().date(from: text) else {
                        throw DomainError.invalid("consentAt", "consentAt phải là thời điểm ISO 8601, ví dụ 2026-03-01T08:00:00+07:00.")
                    }
                    consentAt = .some(Int64(date.timeIntervalSince1970 * 1000))
                } else { consentAt = .some(nil) }
            }
        }
        try errors.finish()
    }
}
