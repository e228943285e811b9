import Foundation

/// A learner's self-registration at the kiosk, waiting for staff.
public struct Registration: Sendable {
    public var id: String
    public var fullName: String
    public var birthYear: Int
    public var villageId: String
    public var phone: String?
    public var consentAt: Int64
    public var status: String
    public var learnerId: String?
    public var createdAt: Int64
    public var candidates: [Learner] = []
}

/// The kiosk's registration form: name, birth year, village, optional phone, and consent to
/// record keeping (Decree 13/2023/NĐ-CP), which is required.
public struct RegistrationDraft: Sendable {
    public var fullName: String
    public var birthYear: Int
    public var villageId: String
    public var phone: String?

    public init(_ body: JSONBody) throws {
        fullName = try TextRules.name("fullName", body.requiredString("fullName"))
        guard let year = try body.int("birthYear") else { throw HTTPError.invalid("birthYear", "Hãy nhập năm sinh.") }
        birthYear = try TextRules.birthYear("birthYear", year)
        villageId = try body.requiredString("villageId")
        phone = try TextRules.phone("phone", body.string("phone"))
        guard try body.bool("consent") == true else {
            throw HTTPError.invalid("consent", "Cần bạn đồng ý cho trung tâm lưu thông tin học tập (Nghị định 13/2023/NĐ-CP) thì mới đăng ký được.")
        }
    }
}

extension Registration: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("birthYear"); w.int(birthYear)
        w.key("candidates")
        w.beginArray()
        for candidate in candidates { candidate.write(to: &w) }
        w.endArray()
        w.key("consentAt"); w.string(Timestamps.iso(millis: consentAt))
        w.key("createdAt"); w.string(Timestamps.iso(millis: createdAt))
        w.key("fullName"); w.string(fullName)
        w.key("id"); w.string(id)
        w.key("learnerId"); w.string(learnerId)
        w.key("phone"); w.string(phone)
        w.key("status"); w.string(status)
        w.key("villageId"); w.string(villageId)
        w.endObject()
    }
}
