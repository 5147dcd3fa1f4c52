package notice

// What was done reaches the notice: a problem's 整改情况 is the report the
// unit marked public, its public sentence, or by default its latest report,
// as written (rectify.Problem.PublicResult); only a problem without any
// report lists its planned measures.

// publicStructure returns the measures the notice reader finds in the
// 整改情况 paragraph written from done, as RecordStructure compares them:
// the text split at ①②③ (or 1．2．) the way Parse splits it.
func publicStructure(done string) []MeasureStructure {
	var p Problem
	var acc measureAcc
	acc.feed(&p, endSentence(done), 0)
	texts := acc.texts()
	var out []MeasureStructure
	for i, m := range p.Measures {
		t := ""
		if i < len(texts) {
			t = trimEndPunct(texts[i])
		}
		if t == "" {
			continue
		}
		out = append(out, MeasureStructure{Group: groupTopic(m.Group), Text: t})
	}
	return out
}
