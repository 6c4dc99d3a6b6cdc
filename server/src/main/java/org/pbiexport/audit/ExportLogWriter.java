package org.pbiexport.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.pbiexport.export.ExportAnswered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes each export the export module tells of into the log, off the request's thread:
 * one writer thread with a bounded backlog, so a slow database never holds an export's
 * answer. It gathers what arrives within {@link #LINGER} and writes it in one
 * transaction, so that a burst of cache hits costs the database one connection, not one
 * each. A row that cannot be written (database away, backlog full) is skipped with a
 * warning; the export itself never fails for it.
 */
@Component
class ExportLogWriter implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ExportLogWriter.class);

	/** Rows waiting to be written before new ones are skipped. */
	static final int BACKLOG = 10_000;

	/**
	 * How long the writer gathers rows before it writes them, unless many are waiting.
	 */
	static final Duration LINGER = Duration.ofMillis(500);

	/** Waiting rows that are written at once, without lingering. */
	static final int BATCH = 1_000;

	private final ExportLog exportLog;

	private final TransactionTemplate transactions;

	private final BlockingQueue<ExportAnswered> waiting = new ArrayBlockingQueue<>(BACKLOG);

	private final Thread writer = new Thread(this::run, "export-log-writer");

	private volatile boolean stopping;

	/** Rows skipped since the last warning: one warning per batch, not one per row. */
	private final AtomicLong skipped = new AtomicLong();

	ExportLogWriter(ExportLog exportLog, TransactionTemplate transactions) {
		this.exportLog = exportLog;
		this.transactions = transactions;
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@EventListener
	void answered(ExportAnswered export) {
		if (!this.waiting.offer(export)) {
			this.skipped.incrementAndGet();
		}
	}

	private void run() {
		while (!this.stopping || !this.waiting.isEmpty()) {
			try {
				ExportAnswered first = this.waiting.poll(1, TimeUnit.SECONDS);
				if (first == null) {
					continue;
				}
				long until = System.nanoTime() + LINGER.toNanos();
				while (!this.stopping && this.waiting.size() < BATCH && System.nanoTime() < until) {
					Thread.sleep(20);
				}
				List<ExportAnswered> batch = new ArrayList<>(List.of(first));
				this.waiting.drainTo(batch, BATCH - 1);
				write(batch);
				long lost = this.skipped.getAndSet(0);
				if (lost > 0) {
					log.warn("The export log was {} rows behind: {} exports were answered but not logged", BACKLOG,
							lost);
				}
			}
			catch (InterruptedException ex) {
				this.stopping = true;
			}
		}
	}

	private void write(List<ExportAnswered> batch) {
		try {
			this.transactions.executeWithoutResult((status) -> batch.forEach(this.exportLog::record));
		}
		catch (RuntimeException ex) {
			log.warn("Could not write {} export(s) to the export log, the first of report {} by {}: {}", batch.size(),
					batch.get(0).reportId(), batch.get(0).caller().name(), ex.toString());
		}
	}

	/** Writes what is waiting, for a few seconds at most, when the app stops. */
	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		this.writer.join(5_000);
	}

}
