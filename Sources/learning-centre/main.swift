import LearningCentre

LearningCentreCommand.runMain()
