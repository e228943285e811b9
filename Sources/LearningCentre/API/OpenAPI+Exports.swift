import Foundation
import LearningCentreCore

extension OpenAPI {
    /// Exports, settings and the association's routes.
    static var exportSchemas: [String: JSONValue] {
        let nullableTime: JSONValue = .object(["type": "string", "format": "date-time", "nullable": true])
        let strings: JSONValue = .object(["type": "array", "items": string])
        let totals = object(["learners": integer, "hours": number, "learningCitizens": integer, "sessions": integer, "checkIns": integer],
                            required: ["learners", "hours", "learningCitizens", "sessions", "checkIns"])
        return [
            "ExportList": object(["items": .object(["type": "array", "items": ref("Export")]), "next": nullableString], required: ["items", "next"]),
            "ExportRequest": object(["full": .object(["type": "boolean"])], required: [], closed: true),
            "SettingsPatch": object(["centreName": nullableString, "communeName": nullableString, "communeCode": nullableString,
                                "pushUrl": nullableString, "retentionDays": integer, "learnerColumns": strings,
                                "optionalLearnerColumns": strings, "usbMarker": string, "kioskOpensAt": nullableString, "kioskClosesAt": nullableString, "timeZone": nullableString,
                                "kioskSound": .object(["type": "boolean"]), "associationName": nullableString, "associationChair": nullableString,
                                "reportDeadline": nullableString, "reportRecipients": .object(["type": "array", "items": string, "nullable": true])],
                       required: []),
            "ProvinceSettingsPatch": object(["provinceName": nullableString, "associationName": nullableString, "associationChair": nullableString,
                                             "reportRecipients": .object(["type": "array", "items": string, "nullable": true])],
                                            required: [], closed: true),
            "CentreRegistration": object(["id": string, "name": string, "publicKey": string], required: ["id", "name", "publicKey"], closed: true),
            "AssociationCentreList": object([
                "year": integer, "waitingInInbox": integer,
                "items": .object(["type": "array", "items": object(["id": string, "name": string, "publicKey": string, "lastSequence": integer,
                                                                    "lastImportedAt": nullableTime, "totals": totals,
                                                                    "targets": .object(["type": "array", "items": TargetResult.reference]),
                                                                    "years": .object(["type": "array", "items": object([
                                                                        "year": integer, "number": integer, "kind": enumeration(["submitted", "closed"]),
                                                                        "at": dateTime, "reportSha256": string, "sent": string],
                                                                        required: ["year", "number", "kind", "at", "reportSha256"])])],
                                                                   required: ["id", "name", "lastSequence", "totals"])]),
            ], required: []),
        ]
    }
}
