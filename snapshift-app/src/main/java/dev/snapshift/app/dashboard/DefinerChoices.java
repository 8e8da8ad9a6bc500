package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.snapshift.api.DefinerPolicy;

/** The definer policies in the words the wizard shows, the default first. */
final class DefinerChoices {
    private DefinerChoices() {}

    static ArrayNode json() {
        ArrayNode list = Http.JSON.createArrayNode();
        add(
                list,
                DefinerPolicy.AUTO,
                "Keep the owners where the target allows it",
                "Views, routines, triggers and events keep their definer if the target account may set it;"
                        + " otherwise (Azure, RDS: no SUPER) the target account becomes their definer, each one listed.");
        add(
                list,
                DefinerPolicy.CURRENT_USER,
                "Make the target account their owner",
                "The target account becomes the definer of every view, routine, trigger and event.");
        add(
                list,
                DefinerPolicy.STRIP,
                "Run with the caller's rights",
                "The target account becomes the definer, and views and routines whose owner differed run with"
                        + " the rights of whoever calls them (SQL SECURITY INVOKER).");
        add(
                list,
                DefinerPolicy.KEEP,
                "Keep every owner, or refuse",
                "Refused before anything is written when the target account may not set another definer.");
        return list;
    }

    private static void add(
            ArrayNode list, DefinerPolicy policy, String label, String description) {
        list.addObject()
                .put("value", policy.cliName())
                .put("label", label)
                .put("description", description);
    }
}
