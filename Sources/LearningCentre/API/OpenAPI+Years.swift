import Foundation

extension OpenAPI {
    /// Years: submissions, closing and reopening.
    static var yearSchemas: [String: JSONValue] {
        let nullableTime: JSONValue = .object(["type": "string", "format": "date-time", "nullable": true])
        let submission = object([
            "year": integer, "number": integer, "submittedAt": dateTime, "submittedBy": string, "reportSha256": string,
            "sent": .object(["type": "object", "nullable": true, "properties": .object([
                "how": enumeration(["bundle", "paper"]), "to": nullableString, "at": nullableTime])]),
        ], required: ["year", "number", "submittedAt", "reportSha256", "sent"])
        let status = object([
            "year": integer, "status": enumeration(["open", "closed"]), "closedAt": nullableTime, "closedBy": nullableString,
            "reportSha256": nullableString, "submissions": .object(["type": "array", "items": ref("Submission")]),
        ], required: ["year", "status", "submissions"])
        return [
            "Submission": submission,
            "YearStatus": status,
            "YearList": list("YearStatus"),
            "SubmissionAnswer": object(["year": integer, "number": integer, "submittedAt": dateTime, "reportSha256": string],
                                       required: ["year", "number", "submittedAt", "reportSha256"]),
            "SentInput": object(["how": enumeration(["bundle", "paper"]), "to": nullableString], required: ["how"], closed: true),
            "ReopenInput": object(["reason": string], required: ["reason"], closed: true),
            "Narrative": object(Dictionary(uniqueKeysWithValues: ReportNarrative.sections.map { ($0.key, nullableString) }), required: [], closed: true),
            "ReportDeadline": object(["year": integer, "deadline": string, "daysLeft": integer,
                                      "state": enumeration(["draft", "submitted", "sent"]), "copy": .object(["type": "integer", "nullable": true]),
                                      "overdue": .object(["type": "boolean"]), "message": string],
                                     required: ["year", "deadline", "daysLeft", "state", "overdue", "message"]),
        ]
    }
}
