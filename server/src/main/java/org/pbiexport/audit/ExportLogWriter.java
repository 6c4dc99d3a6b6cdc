package org.pbiexport.audit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.pbiexport.export.ExportAnswered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes each export the export module tells of into the log, off the request's thread:
 * one writer thread with a bounded backlog, so a slow database never holds an export's
 * answer. A row that cannot be written (database away, backlog full) is skipped with a
 * warning; the export itself never fails for it.
 */
@Component
class ExportLogWriter implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ExportLogWriter.class);

	/** Rows waiting to be written before new ones are skipped. */
	static final int BACKLOG = 1_000;

	private final ExportLog exportLog;

	private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new ArrayBlockingQueue<>(BACKLOG), (task) -> {
				Thread thread = new Thread(task, "export-log-writer");
				thread.setDaemon(true);
				return thread;
			});

	ExportLogWriter(ExportLog exportLog) {
		this.exportLog = exportLog;
	}

	@EventListener
	void answered(ExportAnswered export) {
		try {
			this.writer.execute(() -> write(export));
		}
		catch (RejectedExecutionException ex) {
			log.warn("The export log is {} rows behind; skipped the export of report {} by {}", BACKLOG,
					export.reportId(), export.caller().name());
		}
	}

	private void write(ExportAnswered export) {
		try {
			this.exportLog.record(export);
		}
		catch (RuntimeException ex) {
			log.warn("Could not write the export of report {} by {} to the export log: {}", export.reportId(),
					export.caller().name(), ex.toString());
		}
	}

	/** Writes what is waiting, for a few seconds at most, when the app stops. */
	@Override
	public void destroy() throws InterruptedException {
		this.writer.shutdown();
		this.writer.awaitTermination(5, TimeUnit.SECONDS);
	}

}
