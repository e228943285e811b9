import Foundation
import LearningCentreCore

/// A learner's period as the API shows and takes it (`GET,PUT /api/learners/{id}/memberships`).
extension Membership: JSONShape {
    public static let schemaName = "Membership"
    public static let fields: [ShapeField<Membership>] = [
        .bool("archived", \.archived),
        .code("category", \.category),
        .nullableString("clanId", \.clanId),
        .string("from", \.from.text, schema: ValueSchema.date),
        .nullableString("householdId", \.householdId),
        .bool("isAssociationMember", \.isAssociationMember),
        .bool("isAssociationOfficer", \.isAssociationOfficer),
        .nullableCode("targetGroup", \.targetGroup),
        .nullableString("to", \.to?.text, schema: ValueSchema.date),
        .nullableString("unitId", \.unitId),
        .string("villageId", \.villageId),
    ]
}

extension Membership {
    static let jsonKeys: Set<String> = ["from", "to", "villageId", "householdId", "clanId", "unitId", "category", "targetGroup",
                                      "isAssociationOfficer", "isAssociationMember", "archived"]

    /// One period of a PUT, its errors naming `items[i].field`.
    static func fromJSON(_ value: JSONValue, index i: Int) throws -> Membership {
        guard let object = value.objectValue else { throw HTTPError.invalid("items[\(i)]", "Mỗi giai đoạn là một đối tượng {from, villageId, …}.") }
        if let unknown = object.keys.sorted().first(where: { !jsonKeys.contains($0) }) {
            throw HTTPError(422, "unknown_field", "Trường \"\(unknown)\" không có trong một giai đoạn.", field: "items[\(i)].\(unknown)")
        }
        let item = Fields(object)
        func day(_ key: String) throws -> Day? {
            do { return try LearnerDraft.day(item, key, what: key == "from" ? "Ngày bắt đầu" : "Ngày kết thúc") } catch var error as DomainError {
                error.field = "items[\(i)].\(key)"
                throw error
            }
        }
        func text(_ key: String) throws -> String? { try item.string(key).flatMap { $0.isEmpty ? nil : $0 } }
        guard let from = try day("from") else { throw HTTPError.invalid("items[\(i)].from", "Thiếu ngày bắt đầu của giai đoạn \(i + 1).") }
        guard let village = try text("villageId") else { throw HTTPError.invalid("items[\(i)].villageId", "Thiếu thôn của giai đoạn \(i + 1).") }
        let category = try item.code("category", LearnerCategory.self) ?? .other
        return Membership(from: from, to: try day("to"), villageId: village, householdId: try text("householdId"), clanId: try text("clanId"),
                          unitId: try text("unitId"), category: category, targetGroup: try item.code("targetGroup", TargetGroup.self),
                          isAssociationOfficer: try item.bool("isAssociationOfficer") ?? false,
                          isAssociationMember: try item.bool("isAssociationMember") ?? false, archived: try item.bool("archived") ?? false)
    }
}
