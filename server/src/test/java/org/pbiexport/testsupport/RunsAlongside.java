package org.pbiexport.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * A test class that may run beside the others (junit-platform.properties): it owns
 * everything it uses — its own application context with its own SQLite file or fresh
 * database, its own browser, its own Redis or processes — and spends most of its time
 * waiting on them, so running it on the second thread shortens the suite without changing
 * what it proves. It prints to the console, so it never runs while a test reads the
 * captured output ({@link ReadsTheLog}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
@ResourceLock(RunsAlongside.SECOND_THREAD)
public @interface RunsAlongside {

	/**
	 * Held by one such class at a time: they take turns on the second thread, so the
	 * suite never runs more than two classes at once, and the exclusive lock keeps each
	 * class's own methods on one thread in their declared order.
	 */
	String SECOND_THREAD = "pbi-export.tests.second-thread";

}
