package dev.dubwatch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions a role of the deployed stack grants, read from CloudFormation's processed
 * template (SAM's policy templates expanded). Statements behind an {@code Fn::If} on a condition
 * that is false for this deployment are left out; managed policies are listed apart.
 */
record RolePolicies(Set<String> actions, List<String> wildcardResources, Set<String> managed) {

  static RolePolicies of(JsonNode processedTemplate, String role, Set<String> falseConditions) {
    JsonNode properties = processedTemplate.path("Resources").path(role).path("Properties");
    if (properties.isMissingNode()) {
      throw new IllegalArgumentException("no role " + role + " in the processed template");
    }
    Set<String> actions = new TreeSet<>();
    List<String> wildcards = new ArrayList<>();
    for (JsonNode element : properties.path("Policies")) {
      JsonNode policy = chosen(element, falseConditions);
      for (JsonNode statement : statements(policy.path("PolicyDocument"), falseConditions)) {
        List<String> named = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
          action.forEach(a -> named.add(a.asText()));
        } else {
          named.add(action.asText());
        }
        actions.addAll(named);
        if (statement.path("Resource").isTextual()
            && statement.path("Resource").asText().equals("*")) {
          wildcards.addAll(named);
        }
      }
    }
    Set<String> managed = new TreeSet<>();
    properties
        .path("ManagedPolicyArns")
        .forEach(arn -> managed.add(arn.asText().substring(arn.asText().lastIndexOf('/') + 1)));
    return new RolePolicies(actions, wildcards, managed);
  }

  /** The branch of an {@code Fn::If} this deployment takes; anything else as it is. */
  private static JsonNode chosen(JsonNode node, Set<String> falseConditions) {
    if (!node.has("Fn::If")) {
      return node;
    }
    JsonNode branches = node.path("Fn::If");
    return falseConditions.contains(branches.get(0).asText()) ? branches.get(2) : branches.get(1);
  }

  private static List<JsonNode> statements(JsonNode document, Set<String> falseConditions) {
    List<JsonNode> result = new ArrayList<>();
    JsonNode statements = chosen(document.path("Statement"), falseConditions);
    if (statements.isObject()) {
      result.add(statements);
    } else {
      statements.forEach(s -> result.add(chosen(s, falseConditions)));
    }
    result.removeIf(s -> s.isMissingNode() || s.has("Ref")); // AWS::NoValue
    return result;
  }
}
