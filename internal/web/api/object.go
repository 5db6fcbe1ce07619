package api

import (
	"bytes"
	"encoding/json"
)

// object is a JSON object whose keys keep the order they were added in,
// so that responses read like Ghost's and a fields= selection can drop
// keys by name.
type object []member

type member struct {
	key   string
	value any
}

func (o *object) set(key string, value any) { *o = append(*o, member{key, value}) }

// only keeps the members named in keys, and those always kept.
func (o object) only(keys map[string]bool) object {
	var out object
	for _, m := range o {
		if keys[m.key] {
			out = append(out, m)
		}
	}
	return out
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		if err := encodeValue(&b, m.value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encodeValue writes v as JSON without escaping <, > and &, as Ghost
// writes HTML bodies.
func encodeValue(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}
