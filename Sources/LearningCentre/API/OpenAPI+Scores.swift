import Foundation
import LearningCentreCore

extension OpenAPI {
    /// Scores, titles, targets and rulesets.
    static var scoreSchemas: [String: JSONValue] {
        let array = { (item: JSONValue) -> JSONValue in .object(["type": "array", "items": item]) }
        return [
            "AssessmentInput": object(["indicators": array(object(["code": string, "points": .object(["type": "number", "minimum": 0, "nullable": true]),
                                                                   "note": nullableString], required: ["code", "points"]))],
                                      required: ["indicators"], closed: true),
            "ScoreList": object(["items": array(ScoreLine.reference), "next": nullableString], required: ["items", "next"]),
            "RulesetList": object(["items": array(RulesetEntry.reference), "next": nullableString], required: ["items"]),
            "RulesetChoice": object(["id": string, "version": integer], required: ["id", "version"], closed: true),
            "Ruleset": .object(["type": "object", "description": "a ruleset file: see rulesets/cdht-2024.json and rulesets/README.md",
                                "required": .array(["id", "version", "name", "passMark", "minIndicatorPoints", "indicators", "targetGroups",
                                                    "titles", "targets"].map { .string($0) })]),
            "GroupFacts": object(Dictionary(uniqueKeysWithValues: Ruleset.facts.keys.map { ($0, .object(["type": "boolean", "nullable": true])) }),
                                 required: [], closed: true),
        ]
    }
}
