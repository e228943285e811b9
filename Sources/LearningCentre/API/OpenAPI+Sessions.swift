import Foundation
import LearningCentreCore

extension OpenAPI {
    static let integer = ValueSchema.integer
    static let number = ValueSchema.number
    static let dateTime = ValueSchema.dateTime

    /// Sessions, series, attendance, hours, skills and plans.
    static var sessionSchemas: [String: JSONValue] {
        var s: [String: JSONValue] = [:]
        let sessionWritable: [String: JSONValue] = [
            "title": .object(["type": "string", "minLength": 1, "maxLength": 150]), "topic": nullableString,
            "category": enumeration(SessionCategory.codes), "instructor": nullableString, "instructorId": nullableString,
            "place": nullableString,
            "startsAt": dateTime, "endsAt": dateTime, "creditedHours": .object(["type": "number", "minimum": 0]),
            "capacity": .object(["type": "integer", "minimum": 1, "nullable": true]), "notes": nullableString,
        ]
        let statusChange = enumeration(["planned", "cancelled"])
        s["SeriesInput"] = object(sessionWritable.merging(["count": .object(["type": "integer", "minimum": 2, "maximum": .number(Double(Store.maxSeriesCount))])],
                                                          uniquingKeysWith: { a, _ in a }),
                                  required: ["title", "category", "startsAt", "endsAt", "count"], closed: true)
        s["SeriesPatch"] = object(sessionWritable.filter { $0.key != "startsAt" && $0.key != "endsAt" }.merging([
            "startTime": .object(["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]),
            "endTime": .object(["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]),
            "status": statusChange, "reason": nullableString,
        ], uniquingKeysWith: { a, _ in a }), required: [], closed: true)
        s["Attendance"] = list("AttendanceLine")
        s["AttendanceInput"] = object([
            "learnerIds": .object(["type": "array", "items": string]),
            "overrides": .object(["type": "array", "items": object(["learnerId": string, "creditedHours": .object(["type": "number", "minimum": 0]),
                                                                     "reason": string], required: ["learnerId", "creditedHours", "reason"])]),
            "reason": nullableString,
        ], required: ["learnerIds"], closed: true)
        s["Reason"] = object(["reason": string], required: ["reason"], closed: true)
        s["DigitalSkillsInput"] = object(["level": enumeration(SkillLevel.codes), "note": nullableString], required: ["level"], closed: true)
        s["LearningPlanInput"] = object(["goals": string, "categories": .object(["type": "array", "items": enumeration(SessionCategory.codes)]),
                                         "targetHours": .object(["type": "number", "minimum": 0, "maximum": 2000])],
                                        required: ["goals", "targetHours"], closed: true)
        s["SessionInput"] = object(sessionWritable, required: ["title", "category", "startsAt", "endsAt"], closed: true)
        s["SessionPatch"] = object(sessionWritable.merging(["status": statusChange, "reason": nullableString], uniquingKeysWith: { a, _ in a }),
                                   required: [], closed: true)
        s["SessionList"] = list("Session")
        s["YearHoursList"] = list("YearHours")
        s["CheckInReview"] = object(["checkedOutAt": .object(["type": "string", "format": "date-time", "nullable": true]),
                                     "reason": nullableString], required: [], closed: true)
        return s
    }
}
