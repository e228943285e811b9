import Foundation
import LearningCentreCore

/// The OpenAPI 3 document, built from the router's own table so that it cannot forget a route,
/// with the component schemas of the contract.
enum OpenAPI {
    static func document(for routes: [Route], version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.pattern, default: [:]][route.method.lowercased()] = operation(route)
        }
        return .object([
            "openapi": "3.0.3",
            "info": .object(["title": "learning-centre", "version": .string(version),
                             "description": "API của trung tâm học tập cộng đồng (TTHTCĐ)."]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(schemas),
                "securitySchemes": .object([
                    "session": .object(["type": "apiKey", "in": "cookie", "name": .string(AuthRoutes.cookieName)]),
                ]),
            ]),
        ])
    }

    static func operation(_ route: Route) -> JSONValue {
        var parameters: [JSONValue] = route.segments.compactMap {
            guard case .parameter(let name) = $0 else { return nil }
            return .object(["name": .string(name), "in": "path", "required": true, "schema": .object(["type": "string"])])
        }
        for name in route.doc.query {
            let schema: JSONValue = name == "limit" ? .object(["type": "integer", "minimum": 1, "maximum": 500])
                : ["archived", "skipBad"].contains(name) ? .object(["type": "string", "enum": ["true", "false"]])
                : .object(["type": "string"])
            parameters.append(.object(["name": .string(name), "in": "query", "required": false, "schema": schema]))
        }
        let protected = route.access == .staff || route.access == .manager
        if protected && route.method != "GET" {
            parameters.append(.object(["name": "X-CSRF-Token", "in": "header", "required": true, "schema": .object(["type": "string"])]))
        }
        var success: [String: JSONValue] = ["description": "thành công"]
        if route.doc.response == "binary" {
            success["content"] = .object(["application/gzip": .object(["schema": .object(["type": "string", "format": "binary"])])])
        } else if route.doc.response == "SVG" || route.doc.response == "HTML" {
            success["content"] = .object([route.doc.response == "SVG" ? "image/svg+xml" : "text/html": .object(["schema": .object(["type": "string"])])])
        } else if let response = route.doc.response {
            success["content"] = .object(["application/json": .object(["schema": ref(response)])])
        } else if route.pattern == "/api/openapi.json" {
            success["content"] = .object(["application/json": .object(["schema": .object(["type": "object"])])])
        }
        var responses: [String: JSONValue] = [
            "default": .object(["description": "lỗi", "content": .object(["application/json": .object(["schema": ref("Error")])])]),
        ]
        for status in [route.doc.status] + route.doc.alsoStatus { responses[String(status)] = .object(success) }
        if let accepted = route.doc.accepted {
            responses["202"] = .object(["description": "còn đang làm: hỏi lại sau vài giây",
                                        "content": .object(["application/json": .object(["schema": ref(accepted)])])])
        }
        var op: [String: JSONValue] = [
            "operationId": .string(route.method.lowercased() + route.pattern.split(separator: "/").map {
                $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "")
                    .capitalized.replacingOccurrences(of: "-", with: "")
            }.joined()),
            "summary": .string(route.doc.summary),
            "x-access": .string(route.access.rawValue),
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if protected { op["security"] = .array([.object(["session": .array([])])]) }
        if let request = route.doc.request {
            op["requestBody"] = .object(["required": true, "content": request == "binary"
                ? .object(["application/gzip": .object(["schema": .object(["type": "string", "format": "binary"])])])
                : request == "text/csv"
                ? .object(["text/csv": .object(["schema": .object(["type": "string"])])])
                : .object(["application/json": .object(["schema": ref(request)])])])
        }
        return .object(op)
    }

    static func ref(_ name: String) -> JSONValue { ValueSchema.reference(name) }

    static func object(_ properties: [String: JSONValue], required: [String], closed: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { o["required"] = .array(required.map { .string($0) }) }
        if closed { o["additionalProperties"] = false }
        return .object(o)
    }

    // The value schemas are the shapes' (`ValueSchema`), under the short names the schemas here use.
    static let string = ValueSchema.string
    static let nullableString = ValueSchema.nullable(ValueSchema.string)
    static let date = ValueSchema.date
    static let nullableDate = ValueSchema.nullable(ValueSchema.date)
    static func enumeration(_ values: [String], nullable: Bool = false) -> JSONValue {
        .object(["type": "string", "enum": .array(values.map { .string($0) }), "nullable": .bool(nullable)])
    }
    static func list(_ item: String) -> JSONValue {
        object(["items": .object(["type": "array", "items": ref(item)]), "next": nullableString], required: ["items", "next"])
    }

    static var learnerWritable: [String: JSONValue] {
        [
            "fullName": .object(["type": "string", "minLength": 1, "maxLength": 100]),
            "gender": enumeration(Gender.codes),
            "birthYear": .object(["type": "integer", "minimum": 1900]),
            "birthDate": .object(["type": "string", "format": "date", "nullable": true]),
            "villageId": string, "householdId": nullableString, "clanId": nullableString, "unitId": nullableString,
            "category": enumeration(LearnerCategory.codes),
            "targetGroup": enumeration(TargetGroup.codes, nullable: true),
            "isAssociationOfficer": .object(["type": "boolean"]),
            "isAssociationMember": .object(["type": "boolean"]),
            "registeredOn": nullableDate,
            "phone": nullableString, "notes": nullableString,
            "consentAt": .object(["type": "string", "format": "date-time", "nullable": true]),
            "consent": .object(["type": "boolean"]),
        ]
    }

    /// The answers declared once, as `JSONShape`s: their schemas come from the lists that write them.
    static var shapes: [any JSONShape.Type] { [
        Learner.self, CheckIn.self, CheckInLine.self, SessionView.self, SessionWarning.self, HelpRequest.self,
        KioskAnswer.self, KioskLearner.self, KioskReceipt.self, TodayView.self,
        LearnerScore.self, IndicatorScore.self, Evidence.self, TitleResult.self, TitleResult.Reason.self, TargetResult.self,
        TargetDetail.self, TargetResult.Item.self, ScoreLine.self, TitlesAnswer.self, IndicatorsAnswer.self, IndicatorDetailAnswer.self,
        Dashboard.self, Dashboard.VillageTargets.self, Dashboard.GroupCitizens.self, YearStatus.self, Submission.self, SubmissionSent.self,
        HoursLedger.self, AttendanceLine.self, LearnerYearHours.self, OfficerYear.self, OfficersView.self, DigitalSkills.self,
        LearningPlan.self, RulesetEntry.self, SeriesView.self, Registration.self, Membership.self,
        KioskPerson.self, KioskInside.self, KioskSearch.self, KioskToday.self, KioskSession.self, KioskPurpose.self, KioskScreen.self,
        LoginAnswer.self, SignedInUser.self, Health.self, ClockAnswer.self, ClockWarning.self, ImportJobAnswer.self, CommuneList.self, CommuneLine.self,
        ExportRecord.self, ExportPush.self, ExportUSB.self, ExportDetail.self, BundleManifest.File.self, SystemStatus.self,
        Activity.self, ActivityDetail.self, ActivityParticipant.self, ActivityList.self, ActivitySummary.Line.self,
        SetupAnswer.self, SetupStep.self, SubmissionAnswer.self, BundleAnswer.self, CentreRegistered.self,
        SettingsAnswer.self, ProvinceSettingsAnswer.self, ReportDeadline.self,
    ] }

    static var schemas: [String: JSONValue] {
        var s = handWrittenSchemas
        for shape in shapes { s[shape.schemaName] = shape.schema }
        return s
    }

    /// Requests, and the answers not yet declared as shapes.
    static var handWrittenSchemas: [String: JSONValue] {
        var s: [String: JSONValue] = [
            "Error": object(["error": object(["code": string, "message": string, "field": string,
                                               "errors": .object(["type": "array", "items": object(["field": string, "message": string],
                                                                                                   required: ["field", "message"])])],
                                              required: ["code", "message"])],
                            required: ["error"]),
            "LoginRequest": object(["username": string, "password": string], required: ["username", "password"], closed: true),
            "LearnerInput": object(learnerWritable.merging(["confirmDistinct": .object(["type": "boolean"])], uniquingKeysWith: { a, _ in a }),
                                   required: ["fullName", "gender", "birthYear", "villageId"], closed: true),
            "LearnerPatch": object(learnerWritable.merging([
                "confirmDistinct": .object(["type": "boolean"]),
                "effectiveFrom": .object(["type": "string", "format": "date", "nullable": true,
                                          "description": "a change of memberships holds from this day (a move); default today"]),
                "correction": .object(["type": "boolean", "description": "the change corrects the current period from its start"]),
            ], uniquingKeysWith: { a, _ in a }),
                                   required: [], closed: true),
            "LearnerList": list("Learner"),
            "MembershipPeriod": object(["from": date, "to": nullableDate, "villageId": string, "householdId": nullableString,
                                  "clanId": nullableString, "unitId": nullableString, "category": enumeration(LearnerCategory.codes),
                                  "targetGroup": enumeration(TargetGroup.codes, nullable: true),
                                  "isAssociationOfficer": .object(["type": "boolean"]), "isAssociationMember": .object(["type": "boolean"]),
                                  "archived": .object(["type": "boolean"])],
                                 required: ["from", "villageId", "category"]),
            "MembershipList": list("Membership"),
            "MembershipInput": object(["items": .object(["type": "array", "items": ref("MembershipPeriod")])], required: ["items"], closed: true),
            "ArchiveInput": object(["effectiveFrom": nullableDate, "reason": nullableString], required: [], closed: true),
            "AuditEntry": object(["at": string, "username": string, "action": string, "changes": .object(["type": "object"])],
                                 required: ["at", "username", "action", "changes"]),
            "AuditList": list("AuditEntry"),
            "ImportReport": object([
                "committed": .object(["type": "boolean"]), "created": .object(["type": "integer"]),
                "createdIds": .object(["type": "array", "items": string]),
                "duplicates": .object(["type": "array", "items": object(["line": .object(["type": "integer"]), "fullName": string,
                                                                          "candidateIds": .object(["type": "array", "items": string])],
                                                                         required: ["line", "fullName", "candidateIds"])]),
                "rejected": .object(["type": "array", "items": object(["line": .object(["type": "integer"]), "field": string, "message": string],
                                                                       required: ["line", "message"])]),
            ], required: ["committed", "created", "duplicates", "rejected"]),
        ]
        s.merge(sessionSchemas, uniquingKeysWith: { a, _ in a })
        s.merge(scoreSchemas, uniquingKeysWith: { a, _ in a })
        s.merge(exportSchemas, uniquingKeysWith: { a, _ in a })
        s.merge(yearSchemas, uniquingKeysWith: { a, _ in a })
        s["KioskHelp"] = object(["learnerId": nullableString, "screen": string], required: [], closed: true)
        s["HelpRequestList"] = list("HelpRequest")
        s["KioskCheckIn"] = object(["learnerId": string, "cardCode": string, "sessionId": string, "purpose": enumeration(VisitPurpose.codes)],
                                   required: [], closed: true)
        s["KioskCheckOut"] = object(["learnerId": string, "cardCode": string], required: [], closed: true)
        s["KioskRegistration"] = object(["fullName": string, "birthYear": integer, "villageId": string, "phone": nullableString,
                                         "gender": enumeration(Gender.codes, nullable: true),
                                         "consent": .object(["type": "boolean"])], required: ["fullName", "birthYear", "villageId", "consent"], closed: true)
        s["RegistrationList"] = list("Registration")
        s["RegistrationMerge"] = object(["learnerId": string], required: ["learnerId"], closed: true)
        s["RegistrationReject"] = object(["reason": nullableString], required: [], closed: true)
        for kind in GroupKind.all {
            var properties: [String: JSONValue] = ["name": .object(["type": "string", "minLength": 1, "maxLength": 150])]
            for field in kind.fields {
                switch field.type {
                case .oneOf(let values): properties[field.json] = enumeration(values)
                case .day: properties[field.json] = nullableDate
                default: properties[field.json] = field.required ? string : nullableString
                }
            }
            let required = ["name"] + kind.fields.filter(\.required).map(\.json)
            s[kind.schemaName] = object(properties.merging(["id": string], uniquingKeysWith: { a, _ in a }), required: ["id"] + required)
            s[kind.schemaName + "Input"] = object(properties, required: required, closed: true)
            s[kind.schemaName + "Patch"] = object(properties, required: [], closed: true)
            s[kind.schemaName + "List"] = list(kind.schemaName)
        }
        return s
    }
}

