import Foundation
import LearningCentreCore

extension OpenAPI {
    /// Scores, titles, targets and rulesets.
    static var scoreSchemas: [String: JSONValue] {
        let boolean: JSONValue = .object(["type": "boolean"])
        let array = { (item: JSONValue) -> JSONValue in .object(["type": "array", "items": item]) }
        let evidence = object(["kind": string, "text": string, "id": nullableString, "at": nullableString,
                               "hours": .object(["type": "number", "nullable": true])], required: ["kind", "text"])
        let indicator = object(["code": string, "name": string, "points": number, "max": number, "fromRecords": number,
                                "fromAssessment": .object(["type": "number", "nullable": true]), "evidence": array(evidence)],
                               required: ["code", "points", "max", "evidence"])
        let yearFields: [String: JSONValue] = ["year": integer, "ruleset": string, "rulesetVersion": integer]
        let target = object(["code": enumeration(Ruleset.targetCodes), "name": string, "numerator": integer, "denominator": integer,
                             "percent": number, "target2025": number, "target2030": number],
                            required: ["code", "numerator", "denominator", "percent", "target2025", "target2030"])
        let reason = object(["met": boolean, "text": string], required: ["met", "text"])
        let title = object(["kind": enumeration(Array(Titles.kinds.keys).sorted()), "id": string, "name": string, "villageId": nullableString,
                            "recognized": boolean, "hasMembers": boolean, "level": .object(["type": "integer", "nullable": true]), "reasons": array(reason),
                            "facts": .object(["type": "object", "additionalProperties": boolean])],
                           required: ["kind", "id", "name", "recognized", "reasons"])
        let item = object(["kind": string, "id": string, "name": string, "counted": boolean], required: ["kind", "id", "name", "counted"])
        let entry = object(["id": string, "version": integer, "name": string, "loadedBy": string, "loadedAt": dateTime, "years": array(integer)],
                           required: ["id", "version", "name", "years"])
        return [
            "Score": object(yearFields.merging(["learnerId": string, "fullName": string, "total": number, "recognized": boolean,
                                                "nextStep": nullableString, "indicators": array(indicator)], uniquingKeysWith: { a, _ in a }),
                            required: ["year", "total", "recognized", "ruleset", "indicators"]),
            "AssessmentInput": object(["indicators": array(object(["code": string, "points": .object(["type": "number", "minimum": 0, "nullable": true]),
                                                                   "note": nullableString], required: ["code", "points"]))],
                                      required: ["indicators"], closed: true),
            "ScoreList": object(["items": array(object(["learnerId": string, "fullName": string, "total": number, "recognized": boolean,
                                                        "nextStep": nullableString], required: ["learnerId", "total", "recognized"])),
                                 "next": nullableString], required: ["items", "next"]),
            "Titles": object(yearFields.merging(["items": array(title)], uniquingKeysWith: { a, _ in a }), required: ["year", "items"]),
            "Indicators": object(yearFields.merging(["items": array(target)], uniquingKeysWith: { a, _ in a }), required: ["year", "items"]),
            "IndicatorDetail": object(yearFields.merging(["indicator": object(["code": string, "numerator": integer, "denominator": integer,
                                                                               "percent": number, "items": array(item)],
                                                                              required: ["code", "items"])], uniquingKeysWith: { a, _ in a }),
                                      required: ["year", "indicator"]),
            "Dashboard": object(yearFields.merging([
                "villageId": nullableString, "learners": integer, "learningCitizens": integer, "targets": array(target),
                "byVillage": array(object(["villageId": string, "name": string, "targets": array(target)], required: ["villageId", "targets"])),
                "citizensByTargetGroup": array(object(["targetGroup": string, "name": string, "citizens": integer, "learners": integer],
                                                      required: ["targetGroup", "citizens", "learners"])),
                "hoursByCategoryAndMonth": .object(["type": "object", "additionalProperties": .object(["type": "object", "additionalProperties": number])]),
            ], uniquingKeysWith: { a, _ in a }), required: ["year", "targets", "byVillage", "citizensByTargetGroup", "hoursByCategoryAndMonth"]),
            "RulesetEntry": entry,
            "RulesetList": object(["items": array(entry), "next": nullableString], required: ["items"]),
            "RulesetChoice": object(["id": string, "version": integer], required: ["id", "version"], closed: true),
            "Ruleset": .object(["type": "object", "description": "a ruleset file: see rulesets/cdht-2024.json and rulesets/README.md",
                                "required": .array(["id", "version", "name", "passMark", "minIndicatorPoints", "indicators", "targetGroups",
                                                    "titles", "targets"].map { .string($0) })]),
            "GroupFacts": object(Dictionary(uniqueKeysWithValues: Ruleset.facts.keys.map { ($0, .object(["type": "boolean", "nullable": true])) }),
                                 required: [], closed: true),
        ]
    }
}
