//! Expressions, statements and methods built as syntax, for the items that are mostly code (the
//! operations' request builders): prettyplease lays them out without syn parsing tokens first,
//! which for the builders was most of formatting them.
//!
//! Each builder makes the tree syn would parse from the same source, so the layout is the same.

use proc_macro2::{Literal, Span};
use syn::punctuated::Punctuated;
use syn::{Expr, Stmt};

use super::rust::{ident, path_of};

mod items;

pub use items::*;

/// The expression at `path` (`["Method", "POST"]`, `["self"]`).
pub fn path(path: &[&str]) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path_of(path),
    })
}

/// A string literal.
pub fn string(text: &str) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: lit_str(text),
    })
}

/// The string literal of `text`, built as what it is: `syn::Lit::new` would print the token
/// and parse the text back to tell what kind of literal it holds.
fn lit_str(text: &str) -> syn::Lit {
    syn::Lit::Str(syn::LitStr::new(text, Span::call_site()))
}

/// A literal expression.
pub fn literal(literal: Literal) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    })
}

/// `function(arguments)`, `function` a path.
pub fn call(function: &[&str], arguments: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path(function)),
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `function::<ty>(arguments)`.
pub fn call_generic(
    function: &str,
    ty: syn::Type,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    let mut function = path_of(&[function]);
    function.segments[0].arguments = syn::PathArguments::AngleBracketed(turbofish(ty));
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(Expr::Path(syn::ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: function,
        })),
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `name!(tokens)` as an expression (the tokens are laid out as they are).
pub fn macro_call(name: &str, tokens: proc_macro2::TokenStream) -> Expr {
    Expr::Macro(syn::ExprMacro {
        attrs: Vec::new(),
        mac: macro_invocation(&[name], tokens),
    })
}

/// `path!(tokens)`.
pub fn macro_invocation(path: &[&str], tokens: proc_macro2::TokenStream) -> syn::Macro {
    syn::Macro {
        path: path_of(path),
        bang_token: Default::default(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }
}

/// `receiver.method(arguments)`.
pub fn method(receiver: Expr, method: &str, arguments: impl IntoIterator<Item = Expr>) -> Expr {
    method_call(receiver, method, None, arguments)
}

/// `receiver.method::<ty>(arguments)`.
pub fn method_generic(
    receiver: Expr,
    method: &str,
    ty: syn::Type,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    method_call(receiver, method, Some(turbofish(ty)), arguments)
}

/// `::<ty>`.
fn turbofish(ty: syn::Type) -> syn::AngleBracketedGenericArguments {
    syn::AngleBracketedGenericArguments {
        colon2_token: Some(Default::default()),
        lt_token: Default::default(),
        args: [syn::GenericArgument::Type(ty)].into_iter().collect(),
        gt_token: Default::default(),
    }
}

fn method_call(
    receiver: Expr,
    method: &str,
    turbofish: Option<syn::AngleBracketedGenericArguments>,
    arguments: impl IntoIterator<Item = Expr>,
) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish,
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `{ statements }` as an expression.
pub fn block_expr(statements: Vec<Stmt>) -> Expr {
    Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: block(statements),
    })
}

/// `if condition { statements }`, as a statement.
pub fn if_statement(condition: Expr, statements: Vec<Stmt>) -> Stmt {
    let expr = Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(condition),
        then_branch: block(statements),
        else_branch: None,
    });
    Stmt::Expr(expr, None)
}

/// `true` or `false`.
pub fn boolean(value: bool) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())),
    })
}

/// `()`.
pub fn unit() -> Expr {
    Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `expr?`.
pub fn question_mark(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `expr.await`.
pub fn awaited(expr: Expr) -> Expr {
    Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(expr),
        dot_token: Default::default(),
        await_token: Default::default(),
    })
}

/// `base.member`.
pub fn field(base: Expr, member: &str) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(member)),
    })
}

/// `<ty as trait_>::item` (`<Contact as Object>::FIELDS`).
pub fn associated_item(ty: syn::Type, trait_: syn::Path, item: &str) -> Expr {
    let mut path = trait_;
    let position = path.segments.len();
    path.segments.push(ident(item).into());
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: Some(syn::QSelf {
            lt_token: Default::default(),
            ty: Box::new(ty),
            position,
            as_token: Some(Default::default()),
            gt_token: Default::default(),
        }),
        path,
    })
}

/// `self.member`.
pub fn self_field(member: &str) -> Expr {
    field(path(&["self"]), member)
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `[items]`.
pub fn array(items: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: items.into_iter().collect(),
    })
}

/// `Type { member: value, .. }`; a member without a value is written shorthand (`{ body }`).
pub fn structure(ty: &[&str], fields: impl IntoIterator<Item = (String, Option<Expr>)>) -> Expr {
    struct_expression(ty, fields, None)
}

/// `Type { member: value, ..base }`: [`structure`] with the other fields from `base`.
pub fn structure_updating(
    ty: &[&str],
    fields: impl IntoIterator<Item = (String, Option<Expr>)>,
    base: Expr,
) -> Expr {
    struct_expression(ty, fields, Some(base))
}

fn struct_expression(
    ty: &[&str],
    fields: impl IntoIterator<Item = (String, Option<Expr>)>,
    base: Option<Expr>,
) -> Expr {
    let fields = fields.into_iter().map(|(member, value)| {
        let shorthand = value.is_none();
        syn::FieldValue {
            attrs: Vec::new(),
            member: syn::Member::Named(ident(&member)),
            colon_token: (!shorthand).then(Default::default),
            expr: value.unwrap_or_else(|| path(&[&member])),
        }
    });
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path_of(ty),
        brace_token: Default::default(),
        fields: fields.collect(),
        dot2_token: base.is_some().then(Default::default),
        rest: base.map(Box::new),
    })
}

/// `|parameter| body`.
pub fn closure(parameter: &str, body: Expr) -> Expr {
    Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        constness: None,
        movability: None,
        asyncness: None,
        capture: None,
        or1_token: Default::default(),
        inputs: [binding(parameter)].into_iter().collect(),
        or2_token: Default::default(),
        output: syn::ReturnType::Default,
        body: Box::new(body),
    })
}

/// `match scrutinee { arms }`, each arm a pattern and its value.
pub fn matching(scrutinee: Expr, arms: impl IntoIterator<Item = (syn::Pat, Expr)>) -> Expr {
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms: arms
            .into_iter()
            .map(|(pat, body)| syn::Arm {
                attrs: Vec::new(),
                pat,
                guard: None,
                fat_arrow_token: Default::default(),
                body: Box::new(body),
                comma: Some(Default::default()),
            })
            .collect(),
    })
}

/// The pattern binding `name`.
pub fn binding(name: &str) -> syn::Pat {
    binding_of(name, false)
}

/// The pattern binding `name`, `mut` when `mutable`.
fn binding_of(name: &str, mutable: bool) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident: ident(name),
        subpat: None,
    })
}

/// The pattern matching the string `text`.
pub fn string_pattern(text: &str) -> syn::Pat {
    syn::Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: lit_str(text),
    })
}

/// The pattern `variant(binding)`.
pub fn variant_pattern(variant: &str, binding_name: &str) -> syn::Pat {
    syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: ident(variant).into(),
        paren_token: Default::default(),
        elems: [binding(binding_name)].into_iter().collect(),
    })
}

/// `let name = value;`.
pub fn bind(name: &str, value: Expr) -> Stmt {
    local(binding(name), value)
}

/// `let mut name = value;`.
pub fn bind_mut(name: &str, value: Expr) -> Stmt {
    local(binding_of(name, true), value)
}

/// `let name: ty = value;`.
pub fn bind_typed(name: &str, ty: syn::Type, value: Expr) -> Stmt {
    let pat = syn::Pat::Type(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(binding(name)),
        colon_token: Default::default(),
        ty: Box::new(ty),
    });
    local(pat, value)
}

fn local(pat: syn::Pat, value: Expr) -> Stmt {
    Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat,
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(value),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// `name!(tokens);` (the tokens are laid out as they are).
pub fn macro_statement(name: &str, tokens: proc_macro2::TokenStream) -> Stmt {
    Stmt::Macro(syn::StmtMacro {
        attrs: Vec::new(),
        mac: macro_invocation(&[name], tokens),
        semi_token: Some(Default::default()),
    })
}

/// `target = value;`.
pub fn assign(target: Expr, value: Expr) -> Stmt {
    let assignment = Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(target),
        eq_token: Default::default(),
        right: Box::new(value),
    });
    Stmt::Expr(assignment, Some(Default::default()))
}

/// The statement that ends a block with its value.
pub fn tail(value: Expr) -> Stmt {
    Stmt::Expr(value, None)
}

/// `{ statements }`.
pub(super) fn block(statements: Vec<Stmt>) -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts: statements,
    }
}
