import Foundation
import LearningCentreCore
import Logging

/// What the routes' handlers work with: the store, the settings, the login throttle. Every
/// member is a constant, so the handlers (closures over it) are Sendable as the compiler checks.
/// The `register…Routes` functions (one file a concern, `Routes+*.swift`) extend it.
final class Handlers: Sendable {
    let store: Store
    let config: AppConfig
    let logger: Logger
    let throttle = LoginThrottle()
    let imports = ImportJobs()

    init(store: Store, config: AppConfig, logger: Logger) {
        self.store = store
        self.config = config
        self.logger = logger
    }

    /// Every route of the API, in one table.
    func routes() -> Router {
        var router = Router()
        registerSystemRoutes(&router)
        AuthRoutes.register(&router, logins: store, throttle: throttle)
        registerGroupRoutes(&router)
        registerLearnerRoutes(&router)
        registerSessionRoutes(&router)
        registerSeriesRoutes(&router)
        registerTodayRoutes(&router)
        registerAttendanceRoutes(&router)
        registerPlanRoutes(&router)
        registerYearHoursRoutes(&router)
        registerScoreRoutes(&router)
        registerRulesetRoutes(&router)
        registerReportRoutes(&router)
        registerYearRoutes(&router)
        registerActivityRoutes(&router)
        registerKioskRoutes(&router)
        registerRegistrationRoutes(&router)
        registerCardRoutes(&router)
        registerExportRoutes(&router)
        if config.association { registerAssociationRoutes(&router) }
        return router
    }
}
