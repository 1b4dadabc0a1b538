// Queue and history: every job with status, duration and filament; a status filter; paging.

import { h, replace } from '../dom.js'
import { showError } from '../feedback.js'
import { formatDuration, formatFilament, formatWhen, isFinished, statusWords } from '../format.js'
import { jobActions } from '../job-actions.js'
import { jobTitle, mergeJob } from '../job-model.js'
import { printSeconds } from '../job-words.js'
import { jobThumbnailUrl, thumbnail } from '../thumbnail.js'

const PAGE = 20
const FILTERS = [
  ['', 'All jobs'],
  ['queued', 'Queued'],
  ['printing_phase', 'Printing'],
  ['paused', 'Paused'],
  ['completed', 'Done'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
  ['interrupted', 'Interrupted'],
]

export function createJobsView(ctx) {
  const filter = h(
    'select',
    { id: 'status-filter' },
    FILTERS.map(([value, label]) => h('option', { value }, label)),
  )
  const list = h('ul', { class: 'job-list', 'aria-live': 'polite', 'aria-busy': 'false' })
  const more = h('button', { type: 'button', class: 'secondary wide', hidden: true }, 'Show more')
  const summary = h('p', { class: 'muted small', id: 'jobs-summary' })
  let jobs = []
  let total = 0
  let refreshTimer = null

  const el = h(
    'div',
    { class: 'view jobs' },
    h('h1', { class: 'view-title' }, 'Queue and history'),
    h('div', { class: 'filter-row' }, h('label', { for: 'status-filter' }, 'Show'), filter),
    summary,
    list,
    more,
  )

  async function load(append) {
    list.setAttribute('aria-busy', 'true')
    try {
      const params = new URLSearchParams({ limit: String(PAGE), offset: String(append ? jobs.length : 0) })
      if (filter.value) params.set('status_filter', filter.value)
      const { data, headers } = await ctx.api.request('GET', `/api/workflows?${params}`)
      const page = (Array.isArray(data) ? data : []).map((raw) => {
        ctx.store.upsertJob(raw)
        return mergeJob(ctx.store.state.jobs.get(String(raw.job_id)), raw)
      })
      jobs = append ? [...jobs, ...page] : page
      total = Number(headers.get('X-Total-Count') ?? jobs.length)
      render()
    } catch (error) {
      if (error.status !== 401) showError(error)
    } finally {
      list.setAttribute('aria-busy', 'false')
    }
  }

  function render() {
    replace(list, jobs.length === 0 ? h('li', { class: 'muted empty' }, 'No jobs here yet.') : jobs.map(row))
    replace(summary, `${jobs.length} of ${total} job${total === 1 ? '' : 's'}`)
    more.hidden = jobs.length >= total
  }

  function row(listed) {
    const job = ctx.store.state.jobs.get(listed.id) ?? listed
    return h(
      'li',
      { class: 'job-row', 'data-status': job.status, 'data-job-id': job.id },
      h(
        'a',
        { href: `#/jobs/${encodeURIComponent(job.id)}`, class: 'job-link with-thumb' },
        thumbnail(jobThumbnailUrl(job)),
        h(
          'span',
          {},
          h('span', { class: 'job-name' }, jobTitle(job)),
          h(
            'span',
            { class: 'job-meta' },
            h('span', { class: 'badge', 'data-status': job.status }, statusWords(job.status)),
            ` ${[formatWhen(job.createdAt), ...facts(job)].join(' · ')}`,
          ),
        ),
      ),
      job.status === 'queued' ? h('div', { class: 'button-row' }, jobActions(ctx, job)) : null,
    )
  }

  /** Time and filament in words: what it took, or what it is expected to take. */
  function facts(job) {
    const out = []
    if (isFinished(job.status)) {
      // The same print time as the job page and the dashboard: printing only, pauses left out.
      const took = printSeconds(job, null)
      if (took !== null && took > 0) out.push(`printed for ${formatDuration(took)}`)
    } else if (job.estimatedSeconds) {
      out.push(`about ${formatDuration(job.estimatedSeconds)} to print`)
    }
    const filament = formatFilament(job.filamentMm, job.filamentG)
    if (filament !== '—') out.push(`${filament} filament`)
    return out
  }

  filter.addEventListener('change', () => load(false))
  more.addEventListener('click', () => load(true))

  return {
    el,
    enter() {
      load(false)
    },
    update(changes) {
      if (!changes.has('jobs')) return
      // Keep statuses live without refetching on every progress tick.
      clearTimeout(refreshTimer)
      refreshTimer = setTimeout(render, 250)
    },
    leave() {
      clearTimeout(refreshTimer)
    },
  }
}
