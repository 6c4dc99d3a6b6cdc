package org.pbiexport.render;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times the named steps of an export ({@code pbi_export_phase_seconds{phase=...}}): queue
 * wait, context, navigate, ready wait, capture and assemble, so an operator sees where
 * time goes.
 */
public final class Phases {

	private final MeterRegistry meters;

	public Phases(MeterRegistry meters) {
		this.meters = meters;
	}

	public <T> T time(String phase, Supplier<T> step) {
		Timer.Sample sample = Timer.start(this.meters);
		try {
			return step.get();
		}
		finally {
			sample.stop(timer(phase));
		}
	}

	public void record(String phase, Duration duration) {
		timer(phase).record(duration);
	}

	private Timer timer(String phase) {
		return Timer.builder("pbi_export_phase")
			.description("time spent in one step of an export")
			.tag("phase", phase)
			.publishPercentileHistogram(false)
			.register(this.meters);
	}

}
