package schema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
)

// SDL prints the schema in the GraphQL schema definition language, from
// the built types, so that it cannot drift from what the server runs. Query
// comes first, then the other types by name; fields, arguments and enum
// values are sorted by name.
func (s *Schema) SDL() string {
	var names []string
	for name, t := range s.gql.TypeMap() {
		if strings.HasPrefix(name, "__") || name == "Query" {
			continue
		}
		if _, ok := t.(*graphql.Scalar); ok && builtinScalar(name) {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	names = append([]string{"Query"}, names...)
	var w strings.Builder
	for i, name := range names {
		if i > 0 {
			w.WriteString("\n")
		}
		printType(&w, s.gql.Type(name))
	}
	return w.String()
}

func builtinScalar(name string) bool {
	switch name {
	case "String", "Int", "Float", "Boolean", "ID":
		return true
	}
	return false
}

func printType(w *strings.Builder, t graphql.Type) {
	printDesc(w, "", t.Description())
	switch x := t.(type) {
	case *graphql.Object:
		fmt.Fprintf(w, "type %s", x.Name())
		var ifaces []string
		for _, i := range x.Interfaces() {
			ifaces = append(ifaces, i.Name())
		}
		if len(ifaces) > 0 {
			fmt.Fprintf(w, " implements %s", strings.Join(ifaces, " & "))
		}
		printFields(w, x.Fields())
	case *graphql.Interface:
		fmt.Fprintf(w, "interface %s", x.Name())
		printFields(w, x.Fields())
	case *graphql.Enum:
		fmt.Fprintf(w, "enum %s {\n", x.Name())
		vals := slices.Clone(x.Values())
		slices.SortFunc(vals, func(a, b *graphql.EnumValueDefinition) int { return strings.Compare(a.Name, b.Name) })
		for _, v := range vals {
			printDesc(w, "  ", v.Description)
			fmt.Fprintf(w, "  %s\n", v.Name)
		}
		w.WriteString("}\n")
	case *graphql.InputObject:
		fmt.Fprintf(w, "input %s {\n", x.Name())
		fields := x.Fields()
		for _, name := range sortedKeys(fields) {
			f := fields[name]
			printDesc(w, "  ", f.Description())
			fmt.Fprintf(w, "  %s: %s%s\n", name, f.Type, defaultSuffix(f.DefaultValue))
		}
		w.WriteString("}\n")
	case *graphql.Scalar:
		fmt.Fprintf(w, "scalar %s\n", x.Name())
	case *graphql.Union:
		var members []string
		for _, m := range x.Types() {
			members = append(members, m.Name())
		}
		fmt.Fprintf(w, "union %s = %s\n", x.Name(), strings.Join(members, " | "))
	}
}

func printFields(w *strings.Builder, fields graphql.FieldDefinitionMap) {
	w.WriteString(" {\n")
	for _, name := range sortedKeys(fields) {
		f := fields[name]
		printDesc(w, "  ", f.Description)
		fmt.Fprintf(w, "  %s", name)
		if len(f.Args) > 0 {
			args := slices.Clone(f.Args)
			slices.SortFunc(args, func(a, b *graphql.Argument) int { return strings.Compare(a.Name(), b.Name()) })
			parts := make([]string, len(args))
			for i, a := range args {
				parts[i] = fmt.Sprintf("%s: %s%s", a.Name(), a.Type, defaultSuffix(a.DefaultValue))
			}
			fmt.Fprintf(w, "(%s)", strings.Join(parts, ", "))
		}
		fmt.Fprintf(w, ": %s\n", f.Type)
	}
	w.WriteString("}\n")
}

func printDesc(w *strings.Builder, indent, desc string) {
	if desc == "" {
		return
	}
	if strings.Contains(desc, "\n") {
		fmt.Fprintf(w, "%s\"\"\"\n%s%s\n%s\"\"\"\n", indent, indent, strings.ReplaceAll(desc, "\n", "\n"+indent), indent)
		return
	}
	fmt.Fprintf(w, "%s%s\n", indent, strconv.Quote(desc))
}

// defaultSuffix prints " = value" for a default value, or "".
func defaultSuffix(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return " = " + strconv.Quote(x)
	default:
		return fmt.Sprintf(" = %v", x)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
