package dev.chunkwise.jpa;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes the test databases' entity manager factories when the whole test run ends (their
 * connection pools have non-daemon threads that would keep the test JVM alive).
 */
public final class ClosesFactories implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(ClosesFactories.class, key ->
                (ExtensionContext.Store.CloseableResource) JpaDatabase::closeAll);
    }
}
