package dev.chunkwise.jpa.internal;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.SharedSessionContract;

/**
 * Asks Hibernate whether a session's JDBC connection still answers. Hibernate is an optional
 * dependency: without it (or with another provider) the answer is "cannot tell", reported as
 * alive.
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

    /** Loaded only when Hibernate is there. */
    private static final class Hibernate {

        static boolean alive(EntityManager entityManager) {
            Session session;
            try {
                session = entityManager.unwrap(Session.class);
            } catch (RuntimeException otherProvider) {
                return true;
            }
            return ping(session);
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
