package dev.hubcrm.http;

/** The work behind one route: parse the request, call a service, shape the reply. */
@FunctionalInterface
public interface Operation {
    Reply handle(ApiRequest request);
}
