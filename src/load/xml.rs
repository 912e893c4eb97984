//! Walking an XML document read with roxmltree (ORéBUT's frameworks and
//! référentiels de formation).

use roxmltree::Node;

/// The child elements of `node` named `name`.
pub fn children<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// All the text inside an element (mixed content such as `<br/>` included),
/// on one line.
pub fn text_of(node: Node) -> String {
    let text: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    super::text::one_line(&text)
}
