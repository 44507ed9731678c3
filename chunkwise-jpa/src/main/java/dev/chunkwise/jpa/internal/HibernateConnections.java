package dev.chunkwise.jpa.internal;

import dev.chunkwise.internal.Dialect;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.SharedSessionContract;

/**
 * Asks Hibernate whether a session's JDBC connection still answers, and how its driver streams
 * rows. Hibernate is an optional dependency: without it (or with another provider) the answers
 * are "cannot tell", reported as alive and as {@link Dialect.Streaming#NONE}.
 */
final class HibernateConnections {

    private static final int PING_SECONDS = 5;

    private HibernateConnections() {}

    static boolean alive(EntityManager entityManager) {
        try {
            return Hibernate.alive(entityManager);
        } catch (LinkageError noHibernate) {
            return true;
        }
    }

    /** For a Hibernate session or stateless session. */
    static boolean alive(SharedSessionContract session) {
        return Hibernate.ping(session);
    }

    /** How the session's driver streams rows; {@code NONE} when the provider is not Hibernate. */
    static Dialect.Streaming streaming(EntityManager entityManager) {
        try {
            return Hibernate.streaming(entityManager);
        } catch (LinkageError noHibernate) {
            return Dialect.Streaming.NONE;
        }
    }

    /** For a Hibernate session or stateless session. */
    static Dialect.Streaming streaming(SharedSessionContract session) {
        return Hibernate.driverStreaming(session);
    }

    /** Loaded only when Hibernate is there. */
    private static final class Hibernate {

        static boolean alive(EntityManager entityManager) {
            Session session = sessionOf(entityManager);
            return session == null || ping(session);
        }

        static Dialect.Streaming streaming(EntityManager entityManager) {
            Session session = sessionOf(entityManager);
            return session == null ? Dialect.Streaming.NONE : driverStreaming(session);
        }

        /** The Hibernate session behind an entity manager; {@code null} for another provider. */
        private static Session sessionOf(EntityManager entityManager) {
            try {
                return entityManager.unwrap(Session.class);
            } catch (RuntimeException otherProvider) {
                return null;
            }
        }

        static Dialect.Streaming driverStreaming(SharedSessionContract session) {
            return session.doReturningWork(
                    connection -> Dialect.detect(connection.getMetaData()).streaming());
        }

        static boolean ping(SharedSessionContract session) {
            try {
                return session.doReturningWork(connection -> connection.isValid(PING_SECONDS));
            } catch (jakarta.persistence.PersistenceException dead) {
                return false;
            }
        }
    }
}
