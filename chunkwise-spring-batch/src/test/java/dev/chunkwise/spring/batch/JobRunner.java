package dev.chunkwise.spring.batch;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.Jackson2ExecutionContextStringSerializer;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Runs a test's job in an application context of its own, as a new JVM would: each run builds a
 * context over the same job repository, runs the job with the fixture's parameters (the second run
 * of a failed job is its restart) and closes the context.
 */
final class JobRunner {

    /** The ExecutionContext serializers of Spring Batch 6 that a job repository can be given. */
    enum Serializer {
        DEFAULT(DefaultExecutionContextSerializer::new),
        JACKSON(JacksonExecutionContextStringSerializer::new),
        JACKSON_2(Jackson2ExecutionContextStringSerializer::new);

        final Supplier<ExecutionContextSerializer> factory;

        Serializer(Supplier<ExecutionContextSerializer> factory) {
            this.factory = factory;
        }
    }

    private JobRunner() {}

    /** Runs the job of {@code jobs} over {@code fixture} once, to its end or its failure. */
    static JobExecution run(Fixture fixture, Class<?> jobs, Serializer serializer) {
        return run(fixture, jobs, serializer, context -> {});
    }

    /** The same, showing the context to {@code inspect} before the job runs. */
    static JobExecution run(
            Fixture fixture,
            Class<?> jobs,
            Serializer serializer,
            java.util.function.Consumer<org.springframework.context.ApplicationContext> inspect) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(Fixture.class, () -> fixture);
            if (serializer != Serializer.DEFAULT) {
                context.registerBean(
                        "executionContextSerializer", ExecutionContextSerializer.class, serializer.factory);
            }
            context.register(BatchInfrastructure.class, jobs);
            context.refresh();
            inspect.accept(context);
            JobOperator operator = context.getBean(JobOperator.class);
            JobParameters parameters =
                    new JobParametersBuilder().addString("table", fixture.name).toJobParameters();
            return operator.start(context.getBean(Job.class), parameters);
        } catch (Exception failure) {
            throw new IllegalStateException("cannot run the job of " + fixture.name, failure);
        }
    }

    /** The same, with the partitioner the context made, for tests that count its calls. */
    static JobExecution run(Fixture fixture, Class<?> jobs, List<Jobs.CountingPartitioner> partitioners) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(Fixture.class, () -> fixture);
            context.register(BatchInfrastructure.class, jobs);
            context.refresh();
            partitioners.add(context.getBean(Jobs.CountingPartitioner.class));
            JobOperator operator = context.getBean(JobOperator.class);
            JobParameters parameters =
                    new JobParametersBuilder().addString("table", fixture.name).toJobParameters();
            return operator.start(context.getBean(Job.class), parameters);
        } catch (Exception failure) {
            throw new IllegalStateException("cannot run the job of " + fixture.name, failure);
        }
    }
}
