package dev.gatehouse.auth.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class whose tests run on H2 and again on PostgreSQL: {@code mvn verify} runs the tagged
 * classes a second time with {@code gatehouse.test.database=postgresql} (see {@link TestDatabase}). When that
 * run finds no PostgreSQL it skips them with the reason on the console, except under {@code CI=true}, where
 * a missing PostgreSQL fails the build.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(BothDatabases.TAG)
@ExtendWith(BothDatabases.PostgreSqlReachable.class)
public @interface BothDatabases {

	String TAG = "both-databases";

	/** Skips (or, in CI, fails) the PostgreSQL run of a class when PostgreSQL cannot be reached. */
	final class PostgreSqlReachable implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (!TestDatabase.isPostgreSql()) {
				return ConditionEvaluationResult.enabled("H2 run");
			}
			String found = TestDatabase.postgreSqlProblemOnce();
			if (found.isEmpty()) {
				return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + TestDatabase.postgreSqlUrl());
			}
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException("CI=true and " + found);
			}
			return ConditionEvaluationResult.disabled("SKIPPED on PostgreSQL: " + found);
		}

	}

}
