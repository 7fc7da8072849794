export { mailHandlers, maintenanceHandlers, budgetAlertHandlers, type OpsDeps } from './handlers';
export { SCHEDULES, scheduleMaintenance, startOpsWorkers } from './workers';
