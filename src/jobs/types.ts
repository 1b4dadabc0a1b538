// The job vocabulary for the jobs layer and above: the records and statuses live with storage (src/storage/job-records.ts).
export * from '../storage/job-records.js'
