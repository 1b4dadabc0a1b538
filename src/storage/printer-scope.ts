// One printer's view of the jobs table: the jobs it creates are stamped with its id; recovery at start sees only its own.
import type { Db } from './db.js'
import type { JobsRepo } from './jobs-repo.js'

export function scopeJobsRepo(db: Db, base: JobsRepo, printerId: string): JobsRepo {
  return {
    ...base,
    insert: db.transaction((job, steps, event) => {
      // The caller announces this same object right after: it carries the printer id too.
      job.printerId = printerId
      base.insert(job, steps, event)
    }) as JobsRepo['insert'],
    withStatus: (statuses) => base.withStatus(statuses).filter((job) => job.printerId === printerId),
    count: (statuses) => base.withStatus(statuses).filter((job) => job.printerId === printerId).length,
  }
}
