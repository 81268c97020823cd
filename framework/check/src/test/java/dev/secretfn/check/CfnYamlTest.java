package dev.secretfn.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.YAMLException;

/** The template reader maps each short-form intrinsic to the long form CloudFormation sees. */
class CfnYamlTest {
  @Test
  void shortForms_becomeTheirLongForms() {
    Map<String, Object> template = CfnYaml.parse(new StringReader(String.join("\n",
        "a: !Ref Bucket",
        "b: !Sub \"s3://${Bucket}/x\"",
        "c: !GetAtt Key.Arn",
        "d: !GetAtt [Key, Arn]",
        "e: !If [Enabled, {ApplyOn: PublishedVersions}, !Ref AWS::NoValue]",
        "f: !Not [!Equals [!Ref P, \"\"]]",
        "g: !Join [\",\", [!Select [0, !Split [\"/\", !ImportValue other]], !FindInMap [M, K, V]]]",
        "h: !Condition On",
        "i: !Base64 {\"Fn::Sub\": x}",
        "j: !GetAtt Stack.Outputs.Name",
        "k: !And [!Or [!Condition A, !Condition B], !Condition C]",
        "l: !GetAZs \"\"",
        "m: !Sub [\"${A}-${B}\", {B: !Ref X}]",
        "")));

    assertThat(template).containsEntry("a", Map.of("Ref", "Bucket"))
        .containsEntry("b", Map.of("Fn::Sub", "s3://${Bucket}/x"))
        .containsEntry("c", Map.of("Fn::GetAtt", List.of("Key", "Arn")))
        .containsEntry("d", Map.of("Fn::GetAtt", List.of("Key", "Arn")))
        .containsEntry("e", Map.of("Fn::If",
            List.of("Enabled", Map.of("ApplyOn", "PublishedVersions"), Map.of("Ref", "AWS::NoValue"))))
        .containsEntry("f", Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "")))))
        .containsEntry("g", Map.of("Fn::Join", List.of(",", List.of(
            Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of("/", Map.of("Fn::ImportValue", "other"))))),
            Map.of("Fn::FindInMap", List.of("M", "K", "V"))))))
        .containsEntry("h", Map.of("Condition", "On"))
        .containsEntry("i", Map.of("Fn::Base64", Map.of("Fn::Sub", "x")))
        .containsEntry("j", Map.of("Fn::GetAtt", List.of("Stack", "Outputs.Name")))
        .containsEntry("k", Map.of("Fn::And", List.of(
            Map.of("Fn::Or", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))), Map.of("Condition", "C"))))
        .containsEntry("l", Map.of("Fn::GetAZs", ""))
        .containsEntry("m", Map.of("Fn::Sub", List.of("${A}-${B}", Map.of("B", Map.of("Ref", "X")))));
  }

  @Test
  void unknownTagsAndDuplicateKeys_areErrors() {
    assertThatThrownBy(() -> CfnYaml.parse(new StringReader("a: !Reff Bucket\n")))
        .isInstanceOf(YAMLException.class).hasMessageContaining("!Reff");
    assertThatThrownBy(() -> CfnYaml.parse(new StringReader("a: 1\na: 2\n")))
        .isInstanceOf(YAMLException.class).hasMessageContaining("duplicate key a");
    assertThatThrownBy(() -> CfnYaml.parse(new StringReader("a: !GetAtt Bucket\n")))
        .hasMessageContaining("!GetAtt needs RESOURCE.ATTRIBUTE");
  }
}
