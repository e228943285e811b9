import Foundation
import LearningCentreCore

/// The kiosk's answer to a check-in or check-out: the record, and what the screen tells the learner.
struct KioskAnswer: JSONShape {
    let learner: KioskLearner
    var checkIn: CheckIn { learner.result.checkIn }
    init(_ result: CheckInResult, progress: LearnerScore?) { learner = KioskLearner(result: result, progress: progress) }

    static let schemaName = "KioskAnswer"
    static let fields: [ShapeField<KioskAnswer>] = [.object("checkIn", \.checkIn), .object("learner", \.learner)]
}

/// What the screen tells the learner: the name, the hours this year, and the points with the
/// next step that would raise them.
struct KioskLearner: JSONShape {
    let result: CheckInResult
    let progress: LearnerScore?

    static let schemaName = "KioskLearner"
    static let fields: [ShapeField<KioskLearner>] = [
        .string("displayName", \.result.displayName),
        .number("hoursThisYear", { Store.roundHours($0.result.hoursThisYear) }),
        .string("id", \.result.learnerId),
        .nullableString("nextStep", \.progress?.nextStep),
        .nullableNumber("pointsThisYear", \.progress?.total),
        .bool("recognized", { $0.progress?.recognized ?? false }),
    ]
}

/// What the kiosk says when it has taken a request for staff (a self-registration, a call for help).
struct KioskReceipt: JSONShape {
    var id: String
    /// A registration's status (pending); none for a call for help.
    var status: String?
    var message: String

    static let schemaName = "KioskReceipt"
    static let fields: [ShapeField<KioskReceipt>] = [
        .string("id", \.id),
        .string("message", \.message),
        ShapeField("status", schema: ValueSchema.oneOf(RegistrationStatus.self), required: false) { receipt, w in
            if let status = receipt.status { w.key("status"); w.string(status) }
        },
    ]
}

/// A learner as the kiosk may show them: a name, a birth year and a village, nothing more; after
/// a card is scanned, also whether they are in the centre now (the kiosk offers "Ra về" first).
struct KioskPerson: JSONShape, Sendable {
    var id: String
    var displayName: String
    var birthYear: Int
    var village: String
    /// Only in the answer to a scanned card: `.some(nil)` when not in the centre.
    var inside: KioskInside??

    init(_ learner: Learner, villages: [String: String], inside: KioskInside?? = nil) {
        id = learner.id
        displayName = learner.fullName
        birthYear = learner.birthYear
        village = villages[learner.villageId] ?? ""
        self.inside = inside
    }

    static let schemaName = "KioskPerson"
    static let fields: [ShapeField<KioskPerson>] = [
        .int("birthYear", \.birthYear),
        .string("displayName", \.displayName),
        .string("id", \.id),
        ShapeField("inside", schema: ValueSchema.nullable(KioskInside.reference), required: false) { person, w in
            guard let inside = person.inside else { return }
            w.key("inside")
            if let inside { inside.write(to: &w) } else { w.null() }
        },
        .string("village", \.village),
    ]
}

/// Where a learner is now and since when (a class's title, or a visit's purpose).
struct KioskInside: JSONShape, Sendable {
    var label: String
    var since: Int64
    static let schemaName = "KioskInside"
    static let fields: [ShapeField<KioskInside>] = [.string("label", \.label), .moment("since", \.since)]
}

/// `GET /api/kiosk/search`: at most ten people.
struct KioskSearch: JSONShape {
    var items: [KioskPerson]
    static let schemaName = "KioskSearch"
    static let fields: [ShapeField<KioskSearch>] = [.list("items", \.items)]
}

/// `GET /api/kiosk/today`: today's classes open for check-in, those that open later, and the purposes of a visit.
struct KioskToday: JSONShape {
    var now: Int64
    var views: [SessionView]
    var openLead: Int64

    func sessions(_ status: SessionStatus) -> [KioskSession] {
        views.filter { $0.status == status }.map { KioskSession(view: $0, opensAt: $0.session.startsAt - openLead) }
    }

    static let schemaName = "KioskToday"
    static let fields: [ShapeField<KioskToday>] = [
        .string("date", { String(Timestamps.iso(millis: $0.now).prefix(10)) }, schema: ValueSchema.date),
        // Today's classes that open later: someone early sees when to come back.
        .list("later", { $0.sessions(.planned) }),
        .list("purposes", { _ in VisitPurpose.allCases.map(KioskPurpose.init) }),
        .list("sessions", { $0.sessions(.open) }),
    ]
}

/// A class as the kiosk lists it.
struct KioskSession: JSONShape, Sendable {
    var view: SessionView
    var opensAt: Int64
    static let schemaName = "KioskSession"
    static let fields: [ShapeField<KioskSession>] = [
        .moment("endsAt", \.view.session.endsAt),
        .string("id", \.view.session.id),
        .moment("opensAt", \.opensAt),
        .nullableString("place", \.view.session.place),
        .moment("startsAt", \.view.session.startsAt),
        .code("status", \.view.status),
        .string("title", \.view.session.title),
    ]
}

/// A purpose of a visit, with its words.
struct KioskPurpose: JSONShape, Sendable {
    var purpose: VisitPurpose
    static let schemaName = "KioskPurpose"
    static let fields: [ShapeField<KioskPurpose>] = [.code("code", \.purpose), .string("label", \.purpose.label)]
}

/// `GET /api/kiosk/screen`: the hours the screen is on, and whether it speaks.
struct KioskScreen: JSONShape {
    var settings: CentreSettings
    static let schemaName = "KioskScreen"
    static let fields: [ShapeField<KioskScreen>] = [
        .string("closesAt", \.settings.kioskHours.closesAt),
        .string("opensAt", \.settings.kioskHours.opensAt),
        .bool("sound", \.settings.kioskSoundOn),
        .string("timeZone", \.settings.zoneIdentifier),
    ]
}
