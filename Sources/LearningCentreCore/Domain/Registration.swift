import Foundation

/// A learner's self-registration at the kiosk, waiting for staff.
public struct Registration: Sendable {
    public var id: String
    public var fullName: String
    public var birthYear: Int
    public var gender: Gender?
    public var villageId: String
    public var phone: String?
    public var consentAt: Int64
    public var status: RegistrationStatus
    public var learnerId: String?
    public var createdAt: Int64
    public var candidates: [Learner] = []
    /// Other pending registrations of the same name and birth year (someone who pressed "Gửi"
    /// twice, or registered on two days): approve one, reject the others.
    public var samePending: [String] = []
}

/// The kiosk's registration form: name, birth year, village, optional gender and phone, and
/// consent to record keeping (Decree 13/2023/NĐ-CP), which is required. Every field's error is
/// found at once, in words a learner knows.
public struct RegistrationDraft: Sendable {
    public var fullName = ""
    public var birthYear = 0
    public var gender: Gender?
    public var villageId = ""
    public var phone: String?

    public static let fields: Set<String> = ["fullName", "birthYear", "gender", "villageId", "phone", "consent"]

    public init(_ body: Fields) throws {
        var errors = FieldErrors()
        try errors.check {
            guard let name = try body.string("fullName") else { throw DomainError.invalid("fullName", "Xin gõ họ và tên.") }
            fullName = try TextRules.name("fullName", name)
        }
        try errors.check {
            guard let year = try body.int("birthYear"), year != 0 else { throw DomainError.invalid("birthYear", "Xin chọn năm sinh.") }
            birthYear = try TextRules.birthYear("birthYear", year)
        }
        try errors.check { gender = try body.code("gender", Gender.self) }
        try errors.check {
            guard let village = try body.string("villageId"), !village.isEmpty else {
                throw DomainError.invalid("villageId", "Xin chọn thôn.")
            }
            villageId = village
        }
        try errors.check { phone = try TextRules.phone("phone", body.string("phone")) }
        try errors.check {
            guard try body.bool("consent") == true else {
                throw DomainError.invalid("consent", "Cần đồng ý cho trung tâm lưu thông tin học tập (Nghị định 13/2023/NĐ-CP) thì mới đăng ký được.")
            }
        }
        try errors.finish()
    }
}

extension Registration: JSONShape {
    public static let schemaName = "Registration"
    public static let fields: [ShapeField<Registration>] = [
        .int("birthYear", \.birthYear),
        .list("candidates", \.candidates),
        .moment("consentAt", \.consentAt),
        .moment("createdAt", \.createdAt),
        .string("fullName", \.fullName),
        .nullableCode("gender", \.gender),
        .string("id", \.id),
        .nullableString("learnerId", \.learnerId),
        .nullableString("phone", \.phone),
        .strings("samePending", \.samePending),
        .code("status", \.status),
        .string("villageId", \.villageId),
    ]
}
