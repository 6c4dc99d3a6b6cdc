package org.pbiexport.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * A test that asserts on the captured console output (Spring Boot's
 * {@code CapturedOutput}): while it runs, no {@link RunsAlongside} class prints into what
 * it reads.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ResourceLock(Resources.SYSTEM_OUT)
public @interface ReadsTheLog {

}
