import Foundation
import LearningCentreCore

extension OpenAPI {
    /// Years: submissions, closing and reopening.
    static var yearSchemas: [String: JSONValue] {
        let activityFields: [String: JSONValue] = [
            "kind": enumeration(ActivityKind.codes), "date": date,
            "title": .object(["type": "string", "minLength": 1, "maxLength": 200]),
            "participantIds": .object(["type": "array", "items": string, "maxItems": .number(Double(Activity.maxParticipants))]),
            "amount": .object(["type": "integer", "minimum": 0, "maximum": .number(Double(Activity.maxAmount)), "nullable": true]),
            "villageId": nullableString, "unitId": nullableString, "notes": nullableString,
        ]
        return [
            "YearList": list("YearStatus"),
            "SentInput": object(["how": enumeration(["bundle", "paper"]), "to": nullableString], required: ["how"], closed: true),
            "ReopenInput": object(["reason": string], required: ["reason"], closed: true),
            "Labels": object(Dictionary(uniqueKeysWithValues: ClosedSets.all.map { set in
                (set.name, object(Dictionary(uniqueKeysWithValues: set.items.map { ($0.code, string) }), required: set.items.map(\.code), closed: true))
            }), required: ClosedSets.all.map(\.name), closed: true),
            "Narrative": object(Dictionary(uniqueKeysWithValues: ReportNarrative.sections.map { ($0.key, nullableString) }), required: [], closed: true),
            "ActivityInput": object(activityFields, required: ["kind", "date", "title"], closed: true),
            "ActivityPatch": object(activityFields, required: [], closed: true),
        ]
    }
}
