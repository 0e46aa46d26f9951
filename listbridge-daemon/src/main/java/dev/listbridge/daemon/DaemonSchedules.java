package dev.listbridge.daemon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The per-audience schedules, kept by db-scheduler in the daemon's tables so that a restart loses nothing:
 * a full reconcile missed while the daemon was down runs as soon as it is back.
 */
final class DaemonSchedules implements AutoCloseable {
    static final String INCREMENTAL = "incremental";
    static final String RECONCILE = "reconcile";

    private final Scheduler scheduler;

    DaemonSchedules(DataSource dataSource, Collection<AudienceWorker> workers, Duration shutdownWait) {
        List<RecurringTask<?>> tasks = new ArrayList<>();
        for (AudienceWorker worker : workers) {
            var schedule = worker.audience().schedule();
            tasks.add(Tasks.recurring(taskName(INCREMENTAL, worker.name()), new FirstAfterDelay(schedule.cycleEvery()))
                    .execute((instance, context) -> worker.scheduledIncremental(context.getExecution().getExecutionTime())));
            tasks.add(Tasks.recurring(taskName(RECONCILE, worker.name()),
                            Schedules.daily(ZoneOffset.UTC, schedule.reconcileAt()))
                    .execute((instance, context) -> worker.reconcile()));
        }
        this.scheduler = Scheduler.create(dataSource)
                .startTasks(tasks.toArray(RecurringTask[]::new))
                .threads(Math.max(2, workers.size() * 2))
                .pollingInterval(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(10))
                .alwaysPersistTimestampInUTC()
                .shutdownMaxWait(shutdownWait)
                .schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed("listbridge"))
                .build();
    }

    /**
     * Every {@code delay} after the last run ended; the first one a delay after the schedule is made, not at once
     * as {@link FixedDelay}'s: the daemon's start wakes every audience up, which cycles it at once already.
     */
    private record FirstAfterDelay(Duration delay) implements Schedule {
        @Override
        public Instant getNextExecutionTime(ExecutionComplete executionComplete) {
            return executionComplete.getTimeDone().plus(delay);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return now.plus(delay);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    static String taskName(String kind, String audience) {
        return kind + ":" + audience;
    }

    void start() {
        scheduler.start();
    }

    String nextIncremental(String audience) {
        return next(taskName(INCREMENTAL, audience));
    }

    String nextReconcile(String audience) {
        return next(taskName(RECONCILE, audience));
    }

    private String next(String task) {
        return scheduler.getScheduledExecution(TaskInstanceId.of(task, RecurringTask.INSTANCE))
                .map(execution -> execution.getExecutionTime().toString()).orElse(null);
    }

    /** Stops taking new executions and waits up to the shutdown wait for running ones. */
    @Override
    public void close() {
        scheduler.stop();
    }
}
