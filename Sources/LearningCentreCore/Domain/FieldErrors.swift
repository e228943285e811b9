import Foundation

/// The words a person knows a form's fields by: errors say "Thiếu năm sinh", never `"birthYear"`.
public enum FieldNames {
    static let words: [String: String] = [
        "fullName": "họ và tên", "gender": "giới tính", "birthYear": "năm sinh", "birthDate": "ngày sinh",
        "villageId": "thôn", "householdId": "hộ gia đình", "clanId": "dòng họ", "unitId": "đơn vị",
        "category": "loại", "targetGroup": "nhóm đối tượng", "phone": "số điện thoại", "notes": "ghi chú",
        "registeredOn": "ngày đăng ký", "effectiveFrom": "ngày bắt đầu thay đổi", "consentAt": "thời điểm đồng ý",
        "name": "tên", "address": "địa chỉ", "kind": "loại đơn vị", "closedOn": "ngày thôi hoạt động",
        "title": "tên buổi học", "topic": "chủ đề", "instructor": "người dạy", "place": "địa điểm",
        "startsAt": "giờ bắt đầu", "endsAt": "giờ kết thúc", "creditedHours": "số giờ được tính", "capacity": "sức chứa",
        "reason": "lý do", "status": "trạng thái", "amount": "số tiền", "participantIds": "người tham gia",
        "associationName": "tên Hội Khuyến học", "associationChair": "tên Chủ tịch Hội", "reportRecipients": "nơi nhận báo cáo",
        "centreName": "tên trung tâm", "communeName": "tên xã", "communeCode": "mã xã", "provinceName": "tên tỉnh",
        "publicity": "phần tuyên truyền", "training": "phần quán triệt, bồi dưỡng", "awards": "phần khen thưởng",
        "funds": "phần vận động quỹ", "difficulties": "phần khó khăn", "proposals": "phần kiến nghị",
    ]

    /// "năm sinh" for `birthYear`; a field without a word keeps its code in quotes.
    public static func of(_ field: String) -> String { words[field] ?? "\"\(field)\"" }

    /// The same, with a capital first letter, to start a sentence.
    public static func sentence(_ field: String) -> String {
        let word = of(field)
        return word.prefix(1).uppercased() + word.dropFirst()
    }
}

/// Collects the errors of every field of a form, so that a person sees them all at once next to
/// their fields instead of one per try. The first error is the error's own `field` and
/// `message`; all of them are in `errors` (`[{"field", "message"}]`).
public struct FieldErrors {
    public private(set) var all: [(field: String, message: String)] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        if !all.contains(where: { $0.field == field }) { all.append((field, message)) }
    }

    /// Runs one field's check; a field's error is kept and the next field is checked.
    public mutating func check(_ body: () throws -> Void) throws {
        do { try body() } catch let error as DomainError where error.field != nil && error.kind == .invalid {
            add(error.field!, error.message)
        }
    }

    /// Each of `keys` that the body lacks (or sends as null) is an error: "Thiếu năm sinh."
    /// `words` names a field where this form means something else by it ("title" of an activity).
    public mutating func requirePresent(_ body: Fields, _ keys: [String], words: [String: String] = [:]) {
        for key in keys where body.fields[key] == nil || body.fields[key] == .null {
            add(key, "Thiếu \(words[key] ?? FieldNames.of(key)).")
        }
    }

    /// Throws the errors found, if any.
    public func finish() throws {
        guard let first = all.first else { return }
        let list = all.map { JSONValue.object(["field": .string($0.field), "message": .string($0.message)]) }
        throw DomainError(.invalid, "invalid_value", all.count == 1 ? first.message : "\(first.message) (và \(all.count - 1) lỗi khác)",
                          field: first.field, details: ["errors": .array(list)])
    }
}
